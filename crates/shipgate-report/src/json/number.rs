/// A number for the JSON contract: `None` (→ `null`) unless finite, because JSON has no
/// NaN or infinity and a consumer must never be handed invalid JSON.
pub(crate) fn finite(value: f64) -> Option<f64> {
    value.is_finite().then_some(value)
}
