//! Which values taken from the environment are secrets.
//!
//! Redacting every `${VAR}` value hid URLs and thresholds, and replacing a short value such
//! as `0.5` or `pass` corrupted gate names and JSON. A value is a secret when
//! - it was read through a `*_env` key (tokens, passwords: always), or
//! - its variable's name says so (`TOKEN`, `SECRET`, `PASSWORD`, `KEY`, `AUTH`, …), or
//! - its key says so: request headers and bodies, `auth`, anything named like a credential;
//!
//! otherwise only the credentials a URL carries are: its password and its query values. A
//! threshold, a label value, a host name or a path from the environment is not a secret.

/// Words that make a variable or key name a credential's (matched case-insensitively as
/// parts of the name: `API_KEY`, `githubToken`, `db-password`).
/// (`pass` alone is not one: `pass_rate` is a gate.)
const CREDENTIAL_WORDS: [&str; 13] = [
    "token",
    "secret",
    "password",
    "passwd",
    "passphrase",
    "pwd",
    "key",
    "auth",
    "credential",
    "credentials",
    "cookie",
    "session",
    "private",
];

/// Config keys whose values may carry credentials whatever the variable's name.
const CREDENTIAL_KEYS: [&str; 4] = ["headers", "json", "body", "auth"];

/// The parts of `value` (substituted for `${var}` at config path `path`) to redact.
pub(crate) fn secret_parts(path: &str, var: &str, value: &str) -> Vec<String> {
    if value.is_empty() {
        return Vec::new();
    }
    if names_a_credential(var) || path_carries_credentials(path) {
        return vec![value.to_string()];
    }
    url_credentials(value)
}

fn names_a_credential(name: &str) -> bool {
    words(name).any(|w| CREDENTIAL_WORDS.contains(&w.as_str()))
}

fn path_carries_credentials(path: &str) -> bool {
    path.split(['.', '[', ']'])
        .filter(|p| !p.is_empty())
        .any(|part| CREDENTIAL_KEYS.contains(&part) || names_a_credential(part))
}

/// `API_KEY` → `api`, `key`; `githubToken` → `github`, `token`; `x-api-key` → `x`, `api`, `key`.
fn words(name: &str) -> impl Iterator<Item = String> + '_ {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            previous_lower = false;
            continue;
        }
        if c.is_uppercase() && previous_lower && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        out.push(current);
    }
    out.into_iter()
}

/// A URL's password and query values (and the whole query), in the forms written and as the
/// URL parser normalises them.
fn url_credentials(value: &str) -> Vec<String> {
    let Ok(url) = url::Url::parse(value.trim()) else {
        return Vec::new();
    };
    if !url.has_host() {
        return Vec::new();
    }
    let mut out = Vec::new();
    if let Some(password) = url.password() {
        out.push(password.to_string());
        if let Ok(decoded) = percent_decoded(password) {
            out.push(decoded);
        }
    }
    if let Some(query) = url.query().filter(|q| !q.is_empty()) {
        out.push(query.to_string());
        for (_, v) in url.query_pairs() {
            if !v.is_empty() {
                out.push(v.into_owned());
            }
        }
        // the raw text as written, before the parser's normalisation
        if let Some((_, raw)) = value.split_once('?') {
            let raw = raw.split('#').next().unwrap_or(raw);
            out.push(raw.to_string());
            out.extend(
                raw.split('&')
                    .filter_map(|pair| pair.split_once('=').map(|(_, v)| v.to_string()))
                    .filter(|v| !v.is_empty()),
            );
        }
    }
    out.sort();
    out.dedup();
    out
}

fn percent_decoded(text: &str) -> Result<String, std::str::Utf8Error> {
    let bytes: Vec<u8> = url::form_urlencoded::parse(format!("x={text}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned().into_bytes())
        .unwrap_or_default();
    std::str::from_utf8(&bytes).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_by_variable_name() {
        assert_eq!(
            secret_parts("smoke.base_url", "SMOKE_TOKEN", "abc"),
            ["abc"]
        );
        assert_eq!(secret_parts("x", "githubToken", "abc"), ["abc"]);
        assert_eq!(secret_parts("x", "API_KEY", "abc"), ["abc"]);
        assert_eq!(secret_parts("x", "DB_PASSWORD", "abc"), ["abc"]);
        assert!(secret_parts("metrics.checks[0].condition", "PR", "0.5").is_empty());
        assert!(secret_parts("analysis.canary.version", "VERSION", "v2").is_empty());
        assert!(
            secret_parts("x", "KEYBOARD", "qwerty").is_empty(),
            "a word, not a part"
        );
        assert!(secret_parts("tests.gates.pass_rate", "PASS", ">= 99%").is_empty());
    }

    #[test]
    fn credentials_by_key() {
        let header = "smoke.checks[0].request.headers.X-Api";
        assert_eq!(secret_parts(header, "V", "abc"), ["abc"]);
        assert_eq!(
            secret_parts("smoke.checks[1].request.json", "LOGIN", "abc"),
            ["abc"]
        );
        assert!(secret_parts("smoke.checks[0].request.path", "P", "/health").is_empty());
    }

    #[test]
    fn only_the_credentials_of_a_url() {
        assert!(secret_parts("smoke.base_url", "STAGING_URL", "http://host:8080/app").is_empty());
        let parts = secret_parts(
            "prometheus.url",
            "PROM",
            "HTTP://user:pw%20x@Host:80/api?key=apikey%20%22Q%22&a=1",
        );
        assert!(parts.contains(&"pw%20x".to_string()), "{parts:?}");
        assert!(parts.contains(&"pw x".to_string()), "{parts:?}");
        assert!(parts.contains(&"apikey \"Q\"".to_string()), "{parts:?}");
        assert!(parts.contains(&"apikey%20%22Q%22".to_string()), "{parts:?}");
        assert!(
            !parts
                .iter()
                .any(|p| p.contains("Host") || p.contains("user")),
            "{parts:?}"
        );
    }
}
