//! Parsing the Prometheus HTTP API's answers. Pure: status code and body in, data or a
//! precise reason out.

use std::collections::BTreeMap;

use serde_json::Value;
use shipgate_analysis::SeriesValue;

use super::labels::render_labels;
use super::RangeSeries;
use crate::excerpt::excerpt;

/// How much of a body error messages quote.
const BODY_EXCERPT: usize = 300;

/// A successful answer's `data`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ApiResult {
    /// `resultType: vector`.
    Vector(Vec<SeriesValue>),
    /// `resultType: scalar`.
    Scalar(f64),
    /// `resultType: matrix`.
    Matrix(Vec<RangeSeries>),
    /// `resultType: string`.
    String(String),
}

impl ApiResult {
    /// The result type's name, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            ApiResult::Vector(_) => "an instant vector",
            ApiResult::Scalar(_) => "a scalar",
            ApiResult::Matrix(_) => "a range vector (matrix)",
            ApiResult::String(_) => "a string",
        }
    }
}

/// Why an answer carries no usable data (the client adds URL and query).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ParseFailure {
    /// Non-2xx without a Prometheus error body.
    Http { status: u16, body_excerpt: String },
    /// Not the API's JSON.
    InvalidJson {
        reason: String,
        body_excerpt: String,
    },
    /// `"status":"error"` (whatever the HTTP status).
    Api { error_type: String, error: String },
    /// Well-formed, but something the client does not read (native histograms).
    Unsupported { found: String, advice: String },
}

/// Parse an answer of `/api/v1/query` or `/api/v1/query_range`.
pub(crate) fn parse_response(status: u16, body: &[u8]) -> Result<ApiResult, ParseFailure> {
    let invalid = |reason: String| ParseFailure::InvalidJson {
        reason,
        body_excerpt: excerpt(body, BODY_EXCERPT),
    };
    let parsed = serde_json::from_slice::<Value>(body);
    if let Ok(doc) = &parsed {
        if doc.get("status").and_then(Value::as_str) == Some("error") {
            let text = |key: &str| {
                doc.get(key)
                    .and_then(Value::as_str)
                    .unwrap_or("(none given)")
                    .to_string()
            };
            return Err(ParseFailure::Api {
                error_type: text("errorType"),
                error: text("error"),
            });
        }
    }
    if !(200..300).contains(&status) {
        return Err(ParseFailure::Http {
            status,
            body_excerpt: excerpt(body, BODY_EXCERPT),
        });
    }
    let doc = parsed.map_err(|e| invalid(e.to_string()))?;
    match doc.get("status").and_then(Value::as_str) {
        Some("success") => {}
        Some(other) => return Err(invalid(format!("`status` is \"{other}\", not \"success\""))),
        None => return Err(invalid("no `status` field".to_string())),
    }
    let data = doc
        .get("data")
        .ok_or_else(|| invalid("no `data` field".to_string()))?;
    let result_type = data
        .get("resultType")
        .and_then(Value::as_str)
        .ok_or_else(|| invalid("no `data.resultType` field".to_string()))?;
    let result = data
        .get("result")
        .ok_or_else(|| invalid("no `data.result` field".to_string()))?;
    match result_type {
        "vector" => {
            let items = result
                .as_array()
                .ok_or_else(|| invalid("`data.result` of a vector is not an array".to_string()))?;
            let mut series = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let metric = metric_of(item).map_err(|r| invalid(format!("result[{i}]: {r}")))?;
                if item.get("histogram").is_some() && item.get("value").is_none() {
                    return Err(native_histogram());
                }
                let pair = item
                    .get("value")
                    .ok_or_else(|| invalid(format!("result[{i}] has no `value`")))?;
                let (_, value) =
                    sample_pair(pair).map_err(|r| invalid(format!("result[{i}].value: {r}")))?;
                series.push(SeriesValue::new(render_labels(&metric), value));
            }
            Ok(ApiResult::Vector(series))
        }
        "scalar" => {
            let (_, value) =
                sample_pair(result).map_err(|r| invalid(format!("scalar result: {r}")))?;
            Ok(ApiResult::Scalar(value))
        }
        "string" => {
            let text = result
                .as_array()
                .and_then(|a| a.get(1))
                .and_then(Value::as_str)
                .ok_or_else(|| invalid("string result is not [time, \"text\"]".to_string()))?;
            Ok(ApiResult::String(text.to_string()))
        }
        "matrix" => {
            let items = result
                .as_array()
                .ok_or_else(|| invalid("`data.result` of a matrix is not an array".to_string()))?;
            let mut all = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let metric = metric_of(item).map_err(|r| invalid(format!("result[{i}]: {r}")))?;
                if item.get("histograms").is_some() && item.get("values").is_none() {
                    return Err(native_histogram());
                }
                let values = item
                    .get("values")
                    .and_then(Value::as_array)
                    .ok_or_else(|| invalid(format!("result[{i}] has no `values` array")))?;
                let mut points = Vec::with_capacity(values.len());
                for (j, pair) in values.iter().enumerate() {
                    points.push(
                        sample_pair(pair)
                            .map_err(|r| invalid(format!("result[{i}].values[{j}]: {r}")))?,
                    );
                }
                all.push(RangeSeries {
                    labels: render_labels(&metric),
                    metric,
                    points,
                });
            }
            Ok(ApiResult::Matrix(all))
        }
        other => Err(invalid(format!("unknown resultType \"{other}\""))),
    }
}

fn native_histogram() -> ParseFailure {
    ParseFailure::Unsupported {
        found: "native histogram samples".to_string(),
        advice: "query a float, e.g. with histogram_quantile(...) or histogram_count(...)"
            .to_string(),
    }
}

/// The `metric` object of a result item.
fn metric_of(item: &Value) -> Result<BTreeMap<String, String>, String> {
    let object = item
        .get("metric")
        .ok_or("no `metric` field")?
        .as_object()
        .ok_or("`metric` is not an object")?;
    let mut metric = BTreeMap::new();
    for (k, v) in object {
        let v = v
            .as_str()
            .ok_or_else(|| format!("label `{k}` is not a string"))?;
        metric.insert(k.clone(), v.to_string());
    }
    Ok(metric)
}

/// `[<unix time>, "<value>"]`.
fn sample_pair(pair: &Value) -> Result<(f64, f64), String> {
    let items = pair
        .as_array()
        .filter(|a| a.len() == 2)
        .ok_or("not a [time, \"value\"] pair")?;
    let time = items
        .first()
        .and_then(Value::as_f64)
        .ok_or("the time is not a number")?;
    let text = items
        .get(1)
        .and_then(Value::as_str)
        .ok_or("the value is not a string")?;
    let value = parse_value(text).ok_or_else(|| format!("\"{text}\" is not a number"))?;
    Ok((time, value))
}

/// A sample value as Prometheus writes it: a float, `NaN`, `+Inf`, `-Inf`.
pub(crate) fn parse_value(text: &str) -> Option<f64> {
    match text {
        "NaN" => Some(f64::NAN),
        "+Inf" | "Inf" => Some(f64::INFINITY),
        "-Inf" => Some(f64::NEG_INFINITY),
        other => other.trim().parse::<f64>().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(body: &str) -> ApiResult {
        parse_response(200, body.as_bytes()).unwrap_or_else(|e| unreachable!("{e:?}"))
    }

    fn err(status: u16, body: &str) -> ParseFailure {
        match parse_response(status, body.as_bytes()) {
            Err(e) => e,
            Ok(r) => unreachable!("{r:?}"),
        }
    }

    #[test]
    fn instant_vector() {
        let r = ok(
            r#"{"status":"success","data":{"resultType":"vector","result":[
            {"metric":{"code":"200","__name__":"x"},"value":[1700000000.123,"1.5"]},
            {"metric":{},"value":[1700000000,"2"]}]}}"#,
        );
        assert_eq!(
            r,
            ApiResult::Vector(vec![
                SeriesValue::new(r#"x{code="200"}"#, 1.5),
                SeriesValue::new("{}", 2.0)
            ])
        );
    }

    #[test]
    fn empty_vector_is_data() {
        let r = ok(r#"{"status":"success","data":{"resultType":"vector","result":[]}}"#);
        assert_eq!(r, ApiResult::Vector(vec![]));
    }

    #[test]
    fn special_values() {
        for (text, check) in [
            ("NaN", f64::is_nan as fn(f64) -> bool),
            ("+Inf", |v: f64| v == f64::INFINITY),
            ("-Inf", |v: f64| v == f64::NEG_INFINITY),
            ("1e-3", |v: f64| v == 0.001),
            ("-0.5", |v: f64| v == -0.5),
        ] {
            let body = format!(
                r#"{{"status":"success","data":{{"resultType":"vector","result":[{{"metric":{{}},"value":[1,"{text}"]}}]}}}}"#
            );
            match ok(&body) {
                ApiResult::Vector(v) => assert!(check(v[0].value), "{text}"),
                other => unreachable!("{other:?}"),
            }
        }
        assert_eq!(parse_value("abc"), None);
    }

    #[test]
    fn scalar_and_string() {
        match ok(r#"{"status":"success","data":{"resultType":"scalar","result":[1,"NaN"]}}"#) {
            ApiResult::Scalar(v) => assert!(v.is_nan()),
            other => unreachable!("{other:?}"),
        }
        assert_eq!(
            ok(r#"{"status":"success","data":{"resultType":"string","result":[1,"hi"]}}"#),
            ApiResult::String("hi".into())
        );
    }

    #[test]
    fn matrix() {
        let r = ok(
            r#"{"status":"success","data":{"resultType":"matrix","result":[
            {"metric":{"version":"v2"},"values":[[10,"1"],[40,"NaN"],[70,"3"]]}]}}"#,
        );
        match r {
            ApiResult::Matrix(series) => {
                assert_eq!(series.len(), 1);
                assert_eq!(series[0].labels, r#"{version="v2"}"#);
                assert_eq!(series[0].points.len(), 3);
                assert_eq!(series[0].points[2], (70.0, 3.0));
                assert!(series[0].points[1].1.is_nan());
            }
            other => unreachable!("{other:?}"),
        }
    }

    #[test]
    fn status_error_whatever_the_http_status() {
        let body = r#"{"status":"error","errorType":"bad_data","error":"parse error at char 5"}"#;
        for status in [200, 400, 422, 503] {
            assert_eq!(
                err(status, body),
                ParseFailure::Api {
                    error_type: "bad_data".into(),
                    error: "parse error at char 5".into()
                }
            );
        }
        assert_eq!(
            err(200, r#"{"status":"error"}"#),
            ParseFailure::Api {
                error_type: "(none given)".into(),
                error: "(none given)".into()
            }
        );
    }

    #[test]
    fn http_errors_quote_the_body() {
        assert_eq!(
            err(500, "internal\nserver error"),
            ParseFailure::Http {
                status: 500,
                body_excerpt: "internal server error".into()
            }
        );
        assert!(matches!(
            err(502, r#"{"status":"success"}"#),
            ParseFailure::Http { status: 502, .. }
        ));
    }

    #[test]
    fn garbage_and_missing_fields() {
        let reason = |body: &str| match err(200, body) {
            ParseFailure::InvalidJson { reason, .. } => reason,
            other => unreachable!("{other:?}"),
        };
        assert!(reason("<html>oops").contains("expected value"));
        assert!(reason("").contains("EOF"));
        assert_eq!(reason(r#"{"data":{}}"#), "no `status` field");
        assert_eq!(reason(r#"{"status":"success"}"#), "no `data` field");
        assert_eq!(
            reason(r#"{"status":"success","data":{}}"#),
            "no `data.resultType` field"
        );
        assert_eq!(
            reason(r#"{"status":"success","data":{"resultType":"vector"}}"#),
            "no `data.result` field"
        );
        assert!(reason(
            r#"{"status":"success","data":{"resultType":"vector","result":[{"value":[1,"1"]}]}}"#
        )
        .contains("no `metric`"));
        assert!(reason(
            r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{}}]}}"#
        )
        .contains("no `value`"));
        assert!(reason(r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,2]}]}}"#)
            .contains("not a string"));
        assert!(reason(r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"x"]}]}}"#)
            .contains("\"x\" is not a number"));
        assert!(
            reason(r#"{"status":"success","data":{"resultType":"wat","result":[]}}"#)
                .contains("unknown resultType")
        );
        assert!(reason(r#"{"status":"maybe"}"#).contains("not \"success\""));
    }

    #[test]
    fn native_histograms_are_named() {
        let body = r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"histogram":[1,{"count":"3"}]}]}}"#;
        assert!(matches!(err(200, body), ParseFailure::Unsupported { .. }));
    }

    /// What every parse must hold: the same answer parses the same way (compared in debug
    /// form, as NaN is data), excerpts stay short, and data only comes from a 2xx answer
    /// whose body is JSON saying `"status":"success"`.
    fn parsed_properly(
        status: u16,
        body: &[u8],
    ) -> Result<Result<ApiResult, ParseFailure>, proptest::test_runner::TestCaseError> {
        let result = parse_response(status, body);
        proptest::prop_assert_eq!(
            format!("{result:?}"),
            format!("{:?}", parse_response(status, body))
        );
        match &result {
            Ok(_) => {
                proptest::prop_assert!((200..300).contains(&status));
                let doc: Value = serde_json::from_slice(body)
                    .map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
                proptest::prop_assert_eq!(
                    doc.get("status").and_then(Value::as_str),
                    Some("success")
                );
            }
            Err(ParseFailure::Http {
                status: s,
                body_excerpt,
            }) => {
                proptest::prop_assert_eq!(*s, status);
                proptest::prop_assert!(!(200..300).contains(&status));
                proptest::prop_assert!(body_excerpt.chars().count() <= BODY_EXCERPT + 1);
            }
            Err(ParseFailure::InvalidJson { body_excerpt, .. }) => {
                proptest::prop_assert!((200..300).contains(&status));
                proptest::prop_assert!(body_excerpt.chars().count() <= BODY_EXCERPT + 1);
            }
            Err(ParseFailure::Api { .. }) => {
                let doc: Value = serde_json::from_slice(body)
                    .map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
                proptest::prop_assert_eq!(doc.get("status").and_then(Value::as_str), Some("error"));
            }
            Err(_) => proptest::prop_assert!((200..300).contains(&status)),
        }
        Ok(result)
    }

    proptest::proptest! {
        /// Whatever a server answers, parsing returns a result or a failure that holds up.
        #[test]
        fn arbitrary_bodies_parse_properly(status in 100u16..600, body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            let result = parsed_properly(status, &body)?;
            // Random bytes are never a Prometheus answer.
            let object = body.trim_ascii_start().first() == Some(&b'{');
            proptest::prop_assert!(result.is_err() || object, "{:?}", result);
        }

        /// Mutated real answers (vectors, scalars, matrices, errors) never panic either.
        #[test]
        fn never_panics_on_mutated_answers(
            seed in 0usize..4,
            at in proptest::prelude::any::<proptest::sample::Index>(),
            byte in proptest::prelude::any::<u8>(),
        ) {
            const SEEDS: [&str; 4] = [
                r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"version":"v2"},"value":[1700000000.5,"0.0031"]}]}}"#,
                r#"{"status":"success","data":{"resultType":"scalar","result":[1700000000,"NaN"]}}"#,
                r#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"1"],[2,"+Inf"]]}]}}"#,
                r#"{"status":"error","errorType":"bad_data","error":"parse error"}"#,
            ];
            let mut body = SEEDS[seed].as_bytes().to_vec();
            let i = at.index(body.len());
            let unchanged = body[i] == byte;
            body[i] = byte;
            let result = parsed_properly(200, &body)?;
            if unchanged {
                // The real answers themselves: data for the first three, Prometheus' error
                // for the last.
                proptest::prop_assert_eq!(result.is_ok(), seed < 3, "{:?}", result);
            }
        }
    }
}
