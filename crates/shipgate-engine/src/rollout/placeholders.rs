//! `{{version}}`, `{{stable}}` and `{{outcome}}` in commands, URLs and queries.

/// The values placeholders stand for in one rollout.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vars {
    pub version: String,
    pub stable: Option<String>,
    pub outcome: Option<String>,
}

impl Vars {
    /// `text` with every known placeholder replaced; one without a value (`{{stable}}` on a
    /// first rollout without `--stable`) becomes the empty string.
    pub fn substitute(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(open) = rest.find("{{") {
            let (before, after) = rest.split_at(open);
            out.push_str(before);
            let Some(close) = after.find("}}") else {
                out.push_str(after);
                return out;
            };
            let name = after.get(2..close).unwrap_or_default().trim();
            match self.value(name) {
                Some(value) => out.push_str(value),
                None => out.push_str(after.get(..close + 2).unwrap_or_default()),
            }
            rest = after.get(close + 2..).unwrap_or_default();
        }
        out.push_str(rest);
        out
    }

    /// Every element of `argv` substituted.
    pub fn argv(&self, argv: &[String]) -> Vec<String> {
        argv.iter().map(|a| self.substitute(a)).collect()
    }

    fn value(&self, name: &str) -> Option<&str> {
        match name {
            "version" => Some(&self.version),
            "stable" => Some(self.stable.as_deref().unwrap_or_default()),
            "outcome" => Some(self.outcome.as_deref().unwrap_or_default()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_placeholders_are_replaced_and_others_kept() {
        let vars = Vars {
            version: "v2".into(),
            stable: Some("v1".into()),
            outcome: None,
        };
        assert_eq!(
            vars.substitute("deploy {{version}} over {{ stable }}; {{outcome}}|{{other}}|{{"),
            "deploy v2 over v1; |{{other}}|{{"
        );
        assert_eq!(vars.argv(&["a{{version}}".into()]), ["av2"]);
        // a value is never read as a placeholder again
        let tricky = Vars {
            version: "{{stable}}".into(),
            ..vars
        };
        assert_eq!(tricky.substitute("{{version}}"), "{{stable}}");
    }
}
