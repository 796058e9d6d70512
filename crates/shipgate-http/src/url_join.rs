//! Joining a base URL and a path by concatenation.

use url::Url;

/// `base` and `path` joined by concatenation: `http://h/app` + `/health` is
/// `http://h/app/health` (the base's query and fragment are dropped). Unlike
/// [`Url::join`], a base path is kept whether or not it ends with `/`.
pub(crate) fn join_url(base: &Url, path: &str) -> Result<Url, String> {
    let mut root = base.clone();
    root.set_query(None);
    root.set_fragment(None);
    let root = root.as_str().trim_end_matches('/').to_string();
    let sep = if path.starts_with('/') || path.is_empty() {
        ""
    } else {
        "/"
    };
    let joined = format!("{root}{sep}{path}");
    Url::parse(&joined).map_err(|e| format!("`{joined}` is not a valid URL ({e})"))
}

/// `url` as text with its password (if any) replaced by `***`.
pub(crate) fn display_url(url: &Url) -> String {
    let mut shown = url.clone();
    if shown.password().is_some() {
        let _ = shown.set_password(Some(crate::REDACTED));
    }
    shown.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap_or_else(|e| unreachable!("{e}"))
    }

    #[test]
    fn paths_are_appended_to_the_base() {
        let join = |b: &str, p: &str| {
            join_url(&url(b), p)
                .map(|u| u.to_string())
                .unwrap_or_default()
        };
        assert_eq!(join("http://h:8080", "/health"), "http://h:8080/health");
        assert_eq!(join("http://h/app/", "/health"), "http://h/app/health");
        assert_eq!(
            join("http://h/app", "health?x=1"),
            "http://h/app/health?x=1"
        );
        assert_eq!(join("http://h/app?q=1", "/x"), "http://h/app/x");
    }

    #[test]
    fn passwords_are_hidden() {
        assert_eq!(display_url(&url("http://u:pw@h/x")), "http://u:***@h/x");
        assert_eq!(display_url(&url("http://h/x")), "http://h/x");
    }
}
