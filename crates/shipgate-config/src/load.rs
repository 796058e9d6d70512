//! Reading and loading a config file.

use std::io::Read;
use std::path::Path;

use crate::config::Config;
use crate::env::EnvLookup;
use crate::error::ConfigError;
use crate::location::Pos;
use crate::parse::parse;
use crate::resolve::resolve;

/// Config files larger than this are refused unread.
pub const MAX_CONFIG_BYTES: u64 = 4 * 1024 * 1024;

/// Read, parse and validate the config at `path`. `env` supplies `${VAR}` values
/// (use [`crate::process_env`] for the process environment).
pub fn load(path: &Path, env: EnvLookup<'_>) -> Result<Config, ConfigError> {
    let io = |source| ConfigError::Io {
        file: path.to_path_buf(),
        source,
    };
    let file = open_regular(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_CONFIG_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(ConfigError::Syntax {
            file: path.to_path_buf(),
            at: None,
            message: format!(
                "the file is larger than {} MiB; a config is never that big",
                MAX_CONFIG_BYTES / (1024 * 1024)
            ),
        });
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let before = String::from_utf8_lossy(&e.as_bytes()[..valid]);
            return Err(ConfigError::Syntax {
                file: path.to_path_buf(),
                at: Some(end_of(&before)),
                message: "the file is not valid UTF-8".to_string(),
            });
        }
    };
    load_str(&text, path, env)
}

/// Open `path` for reading, refusing anything but a regular file (a FIFO with no writer
/// would block the read forever, a device would never end) before a byte is read.
///
/// On Unix the file is opened with `O_NONBLOCK`, so that opening a FIFO returns at once,
/// and the opened file's own metadata is checked (no window between a check and the open).
fn open_regular(path: &Path) -> Result<std::fs::File, ConfigError> {
    let io = |source| ConfigError::Io {
        file: path.to_path_buf(),
        source,
    };
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(io)?;
    let kind = file.metadata().map_err(io)?.file_type();
    if !kind.is_file() {
        return Err(ConfigError::NotAFile {
            file: path.to_path_buf(),
            kind: describe_kind(kind),
        });
    }
    Ok(file)
}

/// What a non-regular file is, in words.
fn describe_kind(kind: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

/// Parse and validate config text; `path` names the file in errors and anchors relative
/// paths (its folder is [`Config::dir`]). Nothing is read from disk.
pub fn load_str(text: &str, path: &Path, env: EnvLookup<'_>) -> Result<Config, ConfigError> {
    let root = parse(text, path)?;
    resolve(root, text, path, env)
}

/// The position just after `text`.
fn end_of(text: &str) -> Pos {
    let line = text.matches('\n').count() as u64 + 1;
    let last = text.rsplit('\n').next().unwrap_or_default();
    Pos::new(line, last.chars().count() as u64 + 1)
}
