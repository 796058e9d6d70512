//! Names `unknown-env` never reports, whatever the truth files say: what the shell, the
//! system and CI runners provide, what well-known programs read (their interface, not the
//! project's), and names that say they are examples.

use super::wildcard::wildcard_match;

/// Names never reported because the shell, the system or the CI runner provides them:
///
/// - shell and system: `HOME`, `PATH`, `PWD`, `OLDPWD`, `USER`, `LOGNAME`, `SHELL`,
///   `TERM`, `LANG`, `LANGUAGE`, `LC_ALL`, `LC_CTYPE`, `LC_MESSAGES`, `TZ`, `TMPDIR`,
///   `TMP`, `TEMP`, `HOSTNAME`, `UID`, `EUID`, `PPID`, `RANDOM`, `SECONDS`, `LINENO`,
///   `IFS`, `PS1`, `PS2`, `PS4`, `SHLVL`, `DISPLAY`, `XDG_CONFIG_HOME`, `XDG_CACHE_HOME`,
///   `XDG_DATA_HOME`, `XDG_STATE_HOME`, `XDG_RUNTIME_DIR`;
/// - CI: `CI` and the variables GitHub Actions sets on every runner (`GITHUB_WORKSPACE`,
///   `GITHUB_SHA`, `GITHUB_REF`, `GITHUB_REF_NAME`, `GITHUB_ENV`, `GITHUB_OUTPUT`,
///   `GITHUB_STEP_SUMMARY`, `GITHUB_PATH`, `GITHUB_ACTIONS`, `GITHUB_RUN_ID`,
///   `GITHUB_REPOSITORY`, `RUNNER_OS`, `RUNNER_TEMP`, ... as listed below).
///
/// `GITHUB_TOKEN` is not ignored: it is a secret a workflow must pass on, so it is
/// checked like any other name.
pub const BUILTIN_IGNORES: &[&str] = &[
    // shell and system
    "HOME",
    "PATH",
    "PWD",
    "OLDPWD",
    "USER",
    "LOGNAME",
    "SHELL",
    "TERM",
    "LANG",
    "LANGUAGE",
    "LC_ALL",
    "LC_CTYPE",
    "LC_MESSAGES",
    "TZ",
    "TMPDIR",
    "TMP",
    "TEMP",
    "HOSTNAME",
    "UID",
    "EUID",
    "PPID",
    "RANDOM",
    "SECONDS",
    "LINENO",
    "IFS",
    "PS1",
    "PS2",
    "PS4",
    "SHLVL",
    "DISPLAY",
    "XDG_CONFIG_HOME",
    "XDG_CACHE_HOME",
    "XDG_DATA_HOME",
    "XDG_STATE_HOME",
    "XDG_RUNTIME_DIR",
    // CI runners
    "CI",
    "GITHUB_ACTION",
    "GITHUB_ACTION_PATH",
    "GITHUB_ACTION_REPOSITORY",
    "GITHUB_ACTIONS",
    "GITHUB_ACTOR",
    "GITHUB_ACTOR_ID",
    "GITHUB_API_URL",
    "GITHUB_BASE_REF",
    "GITHUB_ENV",
    "GITHUB_EVENT_NAME",
    "GITHUB_EVENT_PATH",
    "GITHUB_GRAPHQL_URL",
    "GITHUB_HEAD_REF",
    "GITHUB_JOB",
    "GITHUB_OUTPUT",
    "GITHUB_PATH",
    "GITHUB_REF",
    "GITHUB_REF_NAME",
    "GITHUB_REF_PROTECTED",
    "GITHUB_REF_TYPE",
    "GITHUB_REPOSITORY",
    "GITHUB_REPOSITORY_ID",
    "GITHUB_REPOSITORY_OWNER",
    "GITHUB_REPOSITORY_OWNER_ID",
    "GITHUB_RETENTION_DAYS",
    "GITHUB_RUN_ATTEMPT",
    "GITHUB_RUN_ID",
    "GITHUB_RUN_NUMBER",
    "GITHUB_SERVER_URL",
    "GITHUB_SHA",
    "GITHUB_STATE",
    "GITHUB_STEP_SUMMARY",
    "GITHUB_TRIGGERING_ACTOR",
    "GITHUB_WORKFLOW",
    "GITHUB_WORKFLOW_REF",
    "GITHUB_WORKFLOW_SHA",
    "GITHUB_WORKSPACE",
    "RUNNER_ARCH",
    "RUNNER_DEBUG",
    "RUNNER_ENVIRONMENT",
    "RUNNER_NAME",
    "RUNNER_OS",
    "RUNNER_TEMP",
    "RUNNER_TOOL_CACHE",
];

/// Variables well-known programs read, `*` matching any run of characters. A document
/// telling its reader to set one of them (`CFLAGS`, `PIP_INDEX_URL`, `GIT_AUTHOR_NAME`)
/// configures that program; that the project's own files do not read it is not drift.
/// A name the truth files do know is verified as usual.
///
/// - compilers and build tools: `CC`, `CXX`, `CPP`, `CFLAGS`, `CXXFLAGS`, `CPPFLAGS`,
///   `LDFLAGS`, `LDLIBS`, `LD_LIBRARY_PATH`, `DYLD_*`, `LIBRARY_PATH`, `PKG_CONFIG_*`,
///   `MAKEFLAGS`, `CMAKE_*`, `CCACHE_*`, `MACOSX_DEPLOYMENT_TARGET`, `SDKROOT`,
///   `ARCHFLAGS`, `DISTUTILS_USE_SDK`, `SOURCE_DATE_EPOCH`, `JAVA_HOME`, `ANDROID_*`;
/// - Python: `PYTHON*`, `PIP_*`, `UV_*`, `VIRTUAL_ENV`, `VIRTUALENV_*`, `CONDA_*`,
///   `PIPX_*`, `POETRY_*`, `TWINE_*`, `AUDITWHEEL_*`, `SETUPTOOLS_*`, `PYTEST_*`,
///   `TOX_*`;
/// - Rust, Node, Go: `CARGO_*`, `RUSTFLAGS`, `RUSTDOCFLAGS`, `RUST_LOG`, `RUST_BACKTRACE`,
///   `RUSTUP_*`, `NODE_*`, `NPM_CONFIG_*`, `YARN_*`, `GOPATH`, `GOROOT`, `GOOS`, `GOARCH`,
///   `GOFLAGS`, `GOPROXY`, `GOPRIVATE`, `CGO_ENABLED`;
/// - git, ssh, gpg: `GIT_*`, `SSH_AUTH_SOCK`, `SSH_ASKPASS*`, `GNUPGHOME`, `GPG_TTY`;
/// - terminals: `NO_COLOR`, `FORCE_COLOR`, `CLICOLOR*`, `COLUMNS`, `LINES`, `EDITOR`,
///   `VISUAL`, `PAGER`;
/// - containers, clouds, proxies and certificates: `DOCKER_*`, `KUBECONFIG`, `AWS_*`,
///   `AZURE_*`, `GOOGLE_APPLICATION_CREDENTIALS`, `CLOUDSDK_*`, `HTTP_PROXY`,
///   `HTTPS_PROXY`, `NO_PROXY`, `ALL_PROXY`, `SSL_CERT_FILE`, `SSL_CERT_DIR`,
///   `REQUESTS_CA_BUNDLE`, `CURL_CA_BUNDLE`;
/// - other CI services' predefined variables: GitLab `CI_*` and `GITLAB_CI`, CircleCI
///   `CIRCLE_*`, Travis `TRAVIS_*`, Buildkite `BUILDKITE_*`.
pub const WELL_KNOWN_PROGRAMS: &[&str] = &[
    "CC",
    "CXX",
    "CPP",
    "CFLAGS",
    "CXXFLAGS",
    "CPPFLAGS",
    "LDFLAGS",
    "LDLIBS",
    "LD_LIBRARY_PATH",
    "DYLD_*",
    "LIBRARY_PATH",
    "PKG_CONFIG_*",
    "MAKEFLAGS",
    "CMAKE_*",
    "CCACHE_*",
    "MACOSX_DEPLOYMENT_TARGET",
    "SDKROOT",
    "ARCHFLAGS",
    "DISTUTILS_USE_SDK",
    "SOURCE_DATE_EPOCH",
    "JAVA_HOME",
    "ANDROID_*",
    "PYTHON*",
    "PIP_*",
    "UV_*",
    "VIRTUAL_ENV",
    "VIRTUALENV_*",
    "CONDA_*",
    "PIPX_*",
    "POETRY_*",
    "TWINE_*",
    "AUDITWHEEL_*",
    "SETUPTOOLS_*",
    "PYTEST_*",
    "TOX_*",
    "CARGO_*",
    "RUSTFLAGS",
    "RUSTDOCFLAGS",
    "RUST_LOG",
    "RUST_BACKTRACE",
    "RUSTUP_*",
    "NODE_*",
    "NPM_CONFIG_*",
    "YARN_*",
    "GOPATH",
    "GOROOT",
    "GOOS",
    "GOARCH",
    "GOFLAGS",
    "GOPROXY",
    "GOPRIVATE",
    "CGO_ENABLED",
    "GIT_*",
    "SSH_AUTH_SOCK",
    "SSH_ASKPASS*",
    "GNUPGHOME",
    "GPG_TTY",
    "NO_COLOR",
    "FORCE_COLOR",
    "CLICOLOR*",
    "COLUMNS",
    "LINES",
    "EDITOR",
    "VISUAL",
    "PAGER",
    "DOCKER_*",
    "KUBECONFIG",
    "AWS_*",
    "AZURE_*",
    "GOOGLE_APPLICATION_CREDENTIALS",
    "CLOUDSDK_*",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "NO_PROXY",
    "ALL_PROXY",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "REQUESTS_CA_BUNDLE",
    "CURL_CA_BUNDLE",
    "CI_*",
    "GITLAB_CI",
    "CIRCLE_*",
    "TRAVIS_*",
    "BUILDKITE_*",
];

/// Words that make a name an example: `MY_ENV_VAR`, `SOME_VAR`, `YOUR_TOKEN`, `SET_FOO`,
/// `EXAMPLE_KEY`, `SAMPLE_TEXT`.
const EXAMPLE_WORDS: &[&str] = &[
    "FOO", "BAR", "BAZ", "QUX", "QUUX", "MY", "SOME", "YOUR", "EXAMPLE", "SAMPLE",
];

/// Whether `name` says it is an example: one of its `_`-separated words is in
/// [`EXAMPLE_WORDS`], or it is a generic `KEY`, `VAR`, `VALUE` or `NAME`, numbered or not
/// (`KEY1`).
pub fn is_example(name: &str) -> bool {
    if name.split('_').any(|w| EXAMPLE_WORDS.contains(&w)) {
        return true;
    }
    let stem = name.trim_end_matches(|c: char| c.is_ascii_digit());
    matches!(stem, "KEY" | "VAR" | "VALUE" | "NAME")
}

/// Whether `name` is provided by the shell, the system or a CI runner, read by a
/// well-known program, or an example name.
pub fn is_builtin(name: &str) -> bool {
    BUILTIN_IGNORES.contains(&name)
        || WELL_KNOWN_PROGRAMS.iter().any(|p| wildcard_match(p, name))
        || is_example(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn programs_and_examples() {
        for yes in [
            "HOME",
            "CFLAGS",
            "PIP_INDEX_URL",
            "PYTHONSAFEPATH",
            "GIT_AUTHOR_NAME",
            "CMAKE_PREFIX_PATH",
            "CI_COMMIT_BRANCH",
            "MY_ENV_VAR",
            "SOME_VAR",
            "SET_FOO",
            "KEY1",
            "BAR",
            "BUILD_MY_LIB",
            "GITHUB_SHA",
        ] {
            assert!(is_builtin(yes), "{yes}");
        }
        // the project's own names, and names that only contain an example word
        for no in [
            "DATABASE_URL",
            "API_TOKEN",
            "GITHUB_TOKEN",
            "SENTRY_DSN",
            "MYSQL_HOST",
            "BARCODE_API",
            "KEYRING_PATH",
            "CIBW_BUILD",
            "PIPELINE_ID",
            "GITHUBX",
        ] {
            assert!(!is_builtin(no), "{no}");
        }
    }
}
