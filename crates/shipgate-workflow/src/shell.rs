//! A small shell-words reader: scripts into logical lines, lines into command segments,
//! segments into words and the program they run.
//!
//! It is not a shell parser; it knows enough to find which program a line runs and with
//! which words: quotes, escapes, `$(...)`, backticks, `${...}` and GitHub Actions
//! `${{ ... }}` expressions stay inside one word; `&&`, `||`, `;`, `|`, `&` and newlines
//! separate commands; redirections are dropped from the words; leading `NAME=value`
//! assignments and `sudo`/`time`/`exec`/`env` prefixes are skipped to find the program.

/// One logical line of a script: `\` continuations joined, blank and comment lines and
/// here-document bodies left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptLine {
    /// The command text, trimmed, continuation lines joined with one space.
    pub text: String,
    /// 0-based index of the physical line where it starts.
    pub index: usize,
    /// Number of leading whitespace characters on that physical line.
    pub indent: usize,
}

/// Splits a script into logical lines: lines ending in `\` are joined with the next,
/// blank lines and `#` comment lines are dropped, and the bodies of here-documents
/// (`<<EOF` ... `EOF`) are skipped.
pub fn script_lines(script: &str) -> Vec<ScriptLine> {
    let mut out = Vec::new();
    let mut lines = script.split('\n').enumerate();
    while let Some((index, raw)) = lines.next() {
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = raw.chars().take_while(|c| c.is_whitespace()).count();
        let mut text = String::new();
        let mut current = trimmed;
        loop {
            match strip_continuation(current) {
                Some(head) => {
                    push_joined(&mut text, head);
                    match lines.next() {
                        Some((_, next)) => current = next.trim(),
                        None => break,
                    }
                }
                None => {
                    push_joined(&mut text, current);
                    break;
                }
            }
        }
        if text.is_empty() {
            continue;
        }
        let delimiters: Vec<String> = segments(&text)
            .into_iter()
            .filter_map(|s| s.heredoc)
            .collect();
        out.push(ScriptLine {
            text,
            index,
            indent,
        });
        for delimiter in delimiters {
            for (_, body) in lines.by_ref() {
                if body.trim() == delimiter {
                    break;
                }
            }
        }
    }
    out
}

/// The line without its trailing continuation backslash, when it has one (an odd number
/// of trailing backslashes).
fn strip_continuation(line: &str) -> Option<&str> {
    let trailing = line.chars().rev().take_while(|&c| c == '\\').count();
    if trailing % 2 == 1 {
        line.strip_suffix('\\').map(str::trim_end)
    } else {
        None
    }
}

/// Appends a trimmed piece to a joined line, one space between pieces.
fn push_joined(text: &mut String, piece: &str) {
    let piece = piece.trim();
    if piece.is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push(' ');
    }
    text.push_str(piece);
}

/// One simple command of a line: the text between `&&`, `||`, `;`, `|`, `&`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Segment {
    /// The segment's source text, trimmed.
    pub text: String,
    /// The words as written (quotes kept), redirections left out.
    pub words: Vec<String>,
    /// Index in `words` of the program, after assignments and prefixes; `None` when the
    /// segment only assigns variables.
    pub program: Option<usize>,
    /// Names the segment assigns: leading `NAME=value` words and `export NAME[=value]`
    /// (also `declare`, `typeset`, `local`, `readonly`).
    pub assignments: Vec<String>,
    /// The delimiter of a here-document the segment opens (`<<EOF`, `<<'EOF'`, `<<-EOF`).
    pub heredoc: Option<String>,
}

impl Segment {
    /// The program, quotes removed.
    pub fn program_name(&self) -> Option<String> {
        self.program
            .and_then(|i| self.words.get(i))
            .map(|w| unquote(w))
    }

    /// The words from the program on (empty when there is no program).
    pub fn command_words(&self) -> &[String] {
        match self.program {
            Some(i) => self.words.get(i..).unwrap_or_default(),
            None => &[],
        }
    }
}

/// Removes quotes and backslash escapes from a word: `"a b"` -> `a b`, `\$x` -> `$x`.
pub fn unquote(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut chars = word.chars();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '\\') | (Some('"'), '\\') => {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Splits one line (or a whole script) into command segments.
pub fn segments(line: &str) -> Vec<Segment> {
    let mut reader = Reader {
        chars: line.chars().collect(),
        pos: 0,
    };
    reader.run()
}

/// How deep [`all_segments`] looks into nested command substitutions.
const MAX_NESTING: usize = 4;

/// The segments of a line followed, for each, by the segments of the commands inside its
/// `$(...)` and backquote substitutions (`POD=$(kubectl get pods -o name)` yields the
/// assignment and `kubectl get pods -o name`).
pub fn all_segments(line: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    collect_segments(line, 0, &mut out);
    out
}

fn collect_segments(text: &str, depth: usize, out: &mut Vec<Segment>) {
    for segment in segments(text) {
        let inner: Vec<String> = if depth < MAX_NESTING {
            segment
                .words
                .iter()
                .flat_map(|w| substitutions(w))
                .collect()
        } else {
            Vec::new()
        };
        out.push(segment);
        for text in inner {
            collect_segments(&text, depth + 1, out);
        }
    }
}

/// The commands inside a word's outermost `$(...)` and backquote substitutions (not
/// `$((...))` arithmetic, nothing inside single quotes).
pub fn substitutions(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let at = |i: usize| chars.get(i).copied();
    let text = |from: usize, to: usize| -> String {
        chars
            .get(from..to.min(chars.len()))
            .map(|s| s.iter().collect())
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    let mut i = 0;
    let mut double_quoted = false;
    while let Some(c) = at(i) {
        match c {
            '\\' => i += 2,
            '"' => {
                double_quoted = !double_quoted;
                i += 1;
            }
            '\'' if !double_quoted => {
                i += 1;
                while at(i).is_some_and(|c| c != '\'') {
                    i += 1;
                }
                i += 1;
            }
            '$' if at(i + 1) == Some('(') && at(i + 2) != Some('(') => {
                let start = i + 2;
                let mut depth = 1usize;
                let mut j = start;
                while let Some(c) = at(j) {
                    match c {
                        '(' => depth += 1,
                        ')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                out.push(text(start, j));
                i = j + 1;
            }
            '`' => {
                let start = i + 1;
                let mut j = start;
                while at(j).is_some_and(|c| c != '`') {
                    j += 1;
                }
                out.push(text(start, j));
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    out.retain(|t| !t.trim().is_empty());
    out
}

/// Words that start a command but are not the program.
const KEYWORDS: [&str; 11] = [
    "!", "if", "then", "elif", "else", "do", "while", "until", "{", "nohup", "command",
];

/// The character-level reader behind [`segments`].
struct Reader {
    chars: Vec<char>,
    pos: usize,
}

/// A segment being read: source range and words.
struct Pending {
    start: usize,
    words: Vec<String>,
}

impl Reader {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn text(&self, start: usize, end: usize) -> String {
        self.chars
            .get(start..end.min(self.chars.len()))
            .map(|s| s.iter().collect::<String>())
            .unwrap_or_default()
            .trim()
            .to_string()
    }

    fn run(&mut self) -> Vec<Segment> {
        let mut out = Vec::new();
        let mut pending = Pending {
            start: 0,
            words: Vec::new(),
        };
        let mut word = String::new();
        while let Some(c) = self.peek(0) {
            match c {
                c if c.is_whitespace() && c != '\n' => {
                    flush_word(&mut word, &mut pending.words);
                    self.pos += 1;
                }
                '#' if word.is_empty() => {
                    // A comment runs to the end of the line.
                    while let Some(c) = self.peek(0) {
                        if c == '\n' {
                            break;
                        }
                        self.pos += 1;
                    }
                    let end = self.pos;
                    flush_word(&mut word, &mut pending.words);
                    self.end_segment(&mut out, &mut pending, end, end);
                }
                '\'' => self.take_until_quote(&mut word, '\''),
                '"' => self.take_until_quote(&mut word, '"'),
                '\\' => {
                    word.push('\\');
                    self.pos += 1;
                    if let Some(next) = self.peek(0) {
                        word.push(next);
                        self.pos += 1;
                    }
                }
                '`' => self.take_until_quote(&mut word, '`'),
                '$' => self.take_dollar(&mut word),
                '&' if word.ends_with('>') || word.ends_with('<') || self.peek(1) == Some('>') => {
                    word.push('&');
                    self.pos += 1;
                }
                '&' | '|' | ';' | '\n' | '(' | ')' => {
                    let end = self.pos;
                    let mut len = 1;
                    if matches!(c, '&' | '|' | ';') && matches!(self.peek(1), Some('&' | '|' | ';'))
                    {
                        len = 2;
                    }
                    flush_word(&mut word, &mut pending.words);
                    self.end_segment(&mut out, &mut pending, end, end + len);
                }
                _ => {
                    word.push(c);
                    self.pos += 1;
                }
            }
        }
        flush_word(&mut word, &mut pending.words);
        let end = self.chars.len();
        self.end_segment(&mut out, &mut pending, end, end);
        out
    }

    /// Closes the pending segment at `end` and starts the next one at `next`.
    fn end_segment(
        &mut self,
        out: &mut Vec<Segment>,
        pending: &mut Pending,
        end: usize,
        next: usize,
    ) {
        let words = std::mem::take(&mut pending.words);
        let text = self.text(pending.start, end);
        pending.start = next;
        self.pos = next;
        if words.is_empty() {
            return;
        }
        out.push(build_segment(text, words));
    }

    /// Copies a quoted run (`'...'`, `"..."`, `` `...` ``) into the word, quotes included.
    fn take_until_quote(&mut self, word: &mut String, quote: char) {
        word.push(quote);
        self.pos += 1;
        while let Some(c) = self.peek(0) {
            word.push(c);
            self.pos += 1;
            if c == '\\' && quote != '\'' {
                if let Some(next) = self.peek(0) {
                    word.push(next);
                    self.pos += 1;
                }
            } else if c == quote {
                return;
            }
        }
    }

    /// Copies `$...` into the word: `${{ ... }}`, `$(...)`, `${...}` whole, else `$`.
    fn take_dollar(&mut self, word: &mut String) {
        match (self.peek(1), self.peek(2)) {
            (Some('{'), Some('{')) => self.take_through(word, 3, "}}"),
            (Some('('), _) => self.take_balanced(word),
            (Some('{'), _) => self.take_through(word, 2, "}"),
            _ => {
                word.push('$');
                self.pos += 1;
            }
        }
    }

    /// Copies up to and including the first `close` after the opening `open_len`
    /// characters (or to the end).
    fn take_through(&mut self, word: &mut String, open_len: usize, close: &str) {
        let close: Vec<char> = close.chars().collect();
        let start = self.pos;
        while let Some(c) = self.peek(0) {
            word.push(c);
            self.pos += 1;
            if self.pos < start + open_len + close.len() {
                continue;
            }
            let done = self
                .pos
                .checked_sub(close.len())
                .and_then(|from| self.chars.get(from..self.pos))
                .is_some_and(|tail| tail == close.as_slice());
            if done {
                return;
            }
        }
    }

    /// Copies `$( ... )` with nested parentheses and quotes (or to the end).
    fn take_balanced(&mut self, word: &mut String) {
        word.push('$');
        self.pos += 1;
        let mut depth = 0usize;
        while let Some(c) = self.peek(0) {
            match c {
                '\'' | '"' | '`' => {
                    self.take_until_quote(word, c);
                    continue;
                }
                '\\' => {
                    word.push(c);
                    self.pos += 1;
                    if let Some(next) = self.peek(0) {
                        word.push(next);
                        self.pos += 1;
                    }
                    continue;
                }
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                _ => {}
            }
            word.push(c);
            self.pos += 1;
            if c == ')' && depth == 0 {
                return;
            }
        }
    }
}

fn flush_word(word: &mut String, words: &mut Vec<String>) {
    if !word.is_empty() {
        words.push(std::mem::take(word));
    }
}

/// A redirection word: its operator is a here-document (`<<`, `<<-`), and whether its
/// target is the next word.
struct Redirection {
    heredoc: bool,
    target: Option<String>,
}

/// Recognises `>`, `>>`, `2>&1`, `&>file`, `<in`, `<<EOF`, `<<<word`... (not `<name>`
/// placeholders).
fn redirection(word: &str) -> Option<Redirection> {
    if word.starts_with('<') && !word.starts_with("<<") && word.len() > 2 && word.ends_with('>') {
        return None;
    }
    let rest = word.trim_start_matches(|c: char| c.is_ascii_digit());
    let rest = rest.strip_prefix('&').unwrap_or(rest);
    let (heredoc, rest) = if let Some(r) = rest.strip_prefix("<<<") {
        (false, r)
    } else if let Some(r) = rest.strip_prefix("<<-") {
        (true, r)
    } else if let Some(r) = rest.strip_prefix("<<") {
        (true, r)
    } else if let Some(r) = rest.strip_prefix(">>") {
        (false, r)
    } else if let Some(r) = rest.strip_prefix(">|") {
        (false, r)
    } else if let Some(r) = rest.strip_prefix("<>") {
        (false, r)
    } else if let Some(r) = rest.strip_prefix('>') {
        (false, r)
    } else if let Some(r) = rest.strip_prefix('<') {
        (false, r)
    } else {
        return None;
    };
    if rest.len() == word.len() {
        return None;
    }
    let rest = rest.strip_prefix('&').unwrap_or(rest);
    Some(Redirection {
        heredoc,
        target: (!rest.is_empty()).then(|| rest.to_string()),
    })
}

/// Whether a word is `NAME=...`; returns the name.
fn assignment_name(word: &str) -> Option<&str> {
    let (name, _) = word.split_once('=')?;
    let name = name.strip_suffix('+').unwrap_or(name);
    is_name(name).then_some(name)
}

/// A shell variable name.
pub fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Drops redirections, then finds the program and the assigned names.
fn build_segment(text: String, raw: Vec<String>) -> Segment {
    let mut words = Vec::with_capacity(raw.len());
    let mut heredoc = None;
    let mut iter = raw.into_iter();
    while let Some(word) = iter.next() {
        match redirection(&word) {
            Some(r) => {
                let target = match r.target {
                    Some(t) => Some(t),
                    None => iter.next(),
                };
                if r.heredoc {
                    heredoc = target.map(|t| unquote(&t));
                }
            }
            None => words.push(word),
        }
    }
    let mut assignments = Vec::new();
    let program = find_program(&words, &mut assignments);
    if let Some(p) = program {
        let name = words.get(p).map(|w| unquote(w)).unwrap_or_default();
        if matches!(
            name.as_str(),
            "export" | "declare" | "typeset" | "local" | "readonly"
        ) {
            for w in words.iter().skip(p + 1) {
                if w.starts_with('-') {
                    continue;
                }
                match assignment_name(w) {
                    Some(n) => assignments.push(n.to_string()),
                    None if is_name(w) => assignments.push(w.clone()),
                    None => {}
                }
            }
        }
    }
    Segment {
        text,
        words,
        program,
        assignments,
        heredoc,
    }
}

/// Skips assignments, keywords and `sudo`/`time`/`exec`/`env` prefixes (with their
/// options) to the program; collects assigned names on the way.
fn find_program(words: &[String], assignments: &mut Vec<String>) -> Option<usize> {
    let mut i = 0;
    let mut in_env = false;
    while let Some(word) = words.get(i) {
        if let Some(name) = assignment_name(word) {
            if !in_env {
                assignments.push(name.to_string());
            }
            i += 1;
            continue;
        }
        let plain = unquote(word);
        if KEYWORDS.contains(&plain.as_str()) {
            i += 1;
            continue;
        }
        let takes_value: &[&str] = match plain.as_str() {
            "sudo" => &[
                "-u", "-g", "-h", "-p", "-C", "-U", "-r", "-t", "-D", "-R", "-T",
            ],
            "env" => &["-u", "-C", "-S", "--unset", "--chdir", "--split-string"],
            "exec" => &["-a"],
            "time" => &["-f", "-o", "--format", "--output"],
            _ => return Some(i),
        };
        in_env = plain == "env";
        i += 1;
        // The prefix's own options.
        while let Some(option) = words.get(i) {
            if option == "--" {
                i += 1;
                break;
            }
            if !option.starts_with('-') {
                break;
            }
            i += 1;
            if takes_value.contains(&option.as_str()) {
                i += 1;
            }
        }
    }
    None
}

/// The variables a script assigns, by how it assigns them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Assigned {
    /// Names only a shell sets for itself: `for NAME in`, `select NAME in`, `read NAME`,
    /// `mapfile`/`readarray NAME`, `getopts ... NAME`, `printf -v NAME`, and
    /// `local`/`declare`/`typeset`/`readonly NAME`.
    pub shell: std::collections::BTreeSet<String>,
    /// Names set with `NAME=value`, `NAME+=value` (alone or before a program) and
    /// `export NAME=value`: the script's own variables when it reads them itself, the
    /// environment of the programs it runs otherwise.
    pub set: std::collections::BTreeSet<String>,
}

/// Options of `read`, `mapfile`/`readarray` and `printf` that take a value.
const READ_VALUE_OPTIONS: [&str; 6] = ["-p", "-t", "-n", "-N", "-d", "-u"];
const MAPFILE_VALUE_OPTIONS: [&str; 6] = ["-d", "-n", "-O", "-s", "-u", "-C"];

/// Every variable `script` assigns (its `$(...)` substitutions included).
pub fn assigned_names(script: &str) -> Assigned {
    let mut out = Assigned::default();
    for line in script_lines(script) {
        for segment in all_segments(&line.text) {
            let words: Vec<String> = segment.command_words().iter().map(|w| unquote(w)).collect();
            let program = words.first().map(String::as_str).unwrap_or("");
            let declares = matches!(program, "local" | "declare" | "typeset" | "readonly");
            for name in &segment.assignments {
                if declares {
                    out.shell.insert(name.clone());
                } else {
                    out.set.insert(name.clone());
                }
            }
            let args = words.get(1..).unwrap_or_default();
            match program {
                "for" | "select" => {
                    if let Some(name) = args.first().filter(|n| is_name(n)) {
                        out.shell.insert(name.clone());
                    }
                }
                "read" => {
                    for name in operands(args, &READ_VALUE_OPTIONS, &["-a"]) {
                        out.shell.insert(name);
                    }
                }
                "mapfile" | "readarray" => {
                    if let Some(name) = operands(args, &MAPFILE_VALUE_OPTIONS, &[]).pop() {
                        out.shell.insert(name);
                    }
                }
                "getopts" => {
                    if let Some(name) = args.get(1).filter(|n| is_name(n)) {
                        out.shell.insert(name.clone());
                    }
                }
                "printf" => {
                    let at = args.iter().position(|a| a == "-v");
                    if let Some(name) = at.and_then(|i| args.get(i + 1)).filter(|n| is_name(n)) {
                        out.shell.insert(name.clone());
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// The names among a builtin's arguments: options skipped (with the value of those in
/// `valued`), the value of those in `named` kept as a name.
fn operands(args: &[String], valued: &[&str], named: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if named.contains(&arg.as_str()) {
            if let Some(name) = iter.next().filter(|n| is_name(n)) {
                out.push(name.clone());
            }
        } else if valued.contains(&arg.as_str()) {
            iter.next();
        } else if arg.starts_with('-') {
            continue;
        } else if is_name(arg) {
            out.push(arg.clone());
        }
    }
    out
}

/// Names read without `$` inside arithmetic, `$(( ... ))` and `(( ... ))`:
/// `DURATION=$((END_TIME-START_TIME))` reads `END_TIME` and `START_TIME`.
pub fn arithmetic_names(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("((") {
        let inner = rest.get(open + 2..).unwrap_or("");
        let Some(close) = inner.find("))") else { break };
        let body = inner.get(..close).unwrap_or("");
        let mut name = String::new();
        let mut after_dollar = false;
        for c in body.chars().chain(std::iter::once(' ')) {
            if c.is_ascii_alphanumeric() || c == '_' {
                if name.is_empty() && c.is_ascii_digit() {
                    after_dollar = true;
                }
                name.push(c);
                continue;
            }
            if !name.is_empty() && !after_dollar && is_name(&name) {
                out.push(std::mem::take(&mut name));
            }
            name.clear();
            after_dollar = c == '$';
        }
        rest = inner.get(close + 2..).unwrap_or("");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assigned_names_by_kind() {
        let script = "START_TIME=$(date +%s)\nexport IMAGE=x\nfor POD in $(kubectl get pods -o name); do echo $POD; done\n\
                      while read -r -p 'n? ' LINE REST; do :; done\nread -a ITEMS\nmapfile -t LINES < f\n\
                      local COUNT=1\ndeclare -A MAP\nTOTAL+=1\ngetopts ab OPT\nprintf -v OUT '%s' x\nPORT=1 ./run\n\
                      X=$(Y=2 cmd)\n";
        let got = assigned_names(script);
        let set = |names: &[&str]| -> std::collections::BTreeSet<String> {
            names.iter().map(|s| s.to_string()).collect()
        };
        assert_eq!(
            got.shell,
            set(&["COUNT", "ITEMS", "LINE", "LINES", "MAP", "OPT", "OUT", "POD", "REST"])
        );
        assert_eq!(
            got.set,
            set(&["IMAGE", "PORT", "START_TIME", "TOTAL", "X", "Y"])
        );
    }

    #[test]
    fn arithmetic_reads() {
        assert_eq!(
            arithmetic_names("DURATION=$((END_TIME-START_TIME)); (( N += 2 * $M + 0x1F ))"),
            ["END_TIME", "START_TIME", "N"]
        );
        assert!(arithmetic_names("echo ((").is_empty());
    }
    use proptest::prelude::*;

    fn programs(line: &str) -> Vec<String> {
        segments(line)
            .iter()
            .filter_map(Segment::program_name)
            .collect()
    }

    #[test]
    fn script_lines_join_continuations_and_drop_comments() {
        let script =
            "# deploy\n\nkubectl apply \\\n    -f k8s/ \\\n    --prune\n  echo done # trailing\n";
        let lines = script_lines(script);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text, "kubectl apply -f k8s/ --prune");
        assert_eq!(lines[0].index, 2);
        assert_eq!(lines[1].text, "echo done # trailing");
        assert_eq!(lines[1].index, 5);
        assert_eq!(lines[1].indent, 2);
    }

    #[test]
    fn escaped_backslash_is_not_a_continuation() {
        let lines = script_lines("echo a\\\\\necho b");
        assert_eq!(lines.len(), 2);
    }

    #[test]
    fn heredoc_bodies_are_skipped_but_quoted_markers_are_not_heredocs() {
        let script = "cat <<'EOF' > k.yaml\nkubectl delete all\nEOF\necho \"BODY<<EOF\" >> $GITHUB_ENV\nkubectl get pods\n";
        let lines: Vec<String> = script_lines(script).into_iter().map(|l| l.text).collect();
        assert_eq!(
            lines,
            vec![
                "cat <<'EOF' > k.yaml",
                "echo \"BODY<<EOF\" >> $GITHUB_ENV",
                "kubectl get pods"
            ]
        );
    }

    #[test]
    fn segments_split_at_top_level_operators_only() {
        assert_eq!(
            programs("cd app && make build || echo 'a && b' ; kubectl get pods | grep web &"),
            vec!["cd", "make", "echo", "kubectl", "grep"]
        );
        assert_eq!(
            programs("echo \"$(kubectl get pods | wc -l)\""),
            vec!["echo"]
        );
        assert_eq!(programs("(cd web; npm ci)"), vec!["cd", "npm"]);
    }

    #[test]
    fn expressions_stay_one_word() {
        let seg = &segments("kubectl rollout status deployment/${{ env.APP }} --timeout=10m")[0];
        assert_eq!(
            seg.words,
            vec![
                "kubectl",
                "rollout",
                "status",
                "deployment/${{ env.APP }}",
                "--timeout=10m"
            ]
        );
        let seg = &segments("echo $(date +%s) ${HOME} `id -u`")[0];
        assert_eq!(seg.words, vec!["echo", "$(date +%s)", "${HOME}", "`id -u`"]);
    }

    #[test]
    fn prefixes_and_assignments_are_skipped() {
        let seg = &segments("KUBECONFIG=/tmp/k NS=prod sudo -E -u deploy time kubectl get pods")[0];
        assert_eq!(seg.program_name().as_deref(), Some("kubectl"));
        assert_eq!(seg.command_words(), &["kubectl", "get", "pods"]);
        assert_eq!(seg.assignments, vec!["KUBECONFIG", "NS"]);
        let seg = &segments("env -u HOME FOO=1 exec make test")[0];
        assert_eq!(seg.program_name().as_deref(), Some("make"));
        assert!(seg.assignments.is_empty());
        let seg = &segments("if kubectl get ns prod; then echo ok; fi")[0];
        assert_eq!(seg.program_name().as_deref(), Some("kubectl"));
    }

    #[test]
    fn exports_are_assignments() {
        let seg = &segments("export IMAGE_TAG=${GITHUB_SHA::7} REGION")[0];
        assert_eq!(seg.assignments, vec!["IMAGE_TAG", "REGION"]);
        let seg = &segments("VERSION=1.2")[0];
        assert_eq!(seg.program, None);
        assert_eq!(seg.assignments, vec!["VERSION"]);
        // `--data a=b` is an argument, not an assignment.
        let seg = &segments("curl --data a=b https://x")[0];
        assert!(seg.assignments.is_empty());
    }

    #[test]
    fn redirections_are_dropped_but_placeholders_kept() {
        let seg = &segments("kubectl logs <pod> 2>&1 > out.txt >>log 2> /dev/null")[0];
        assert_eq!(seg.words, vec!["kubectl", "logs", "<pod>"]);
        let seg = &segments("cat <<-EOF")[0];
        assert_eq!(seg.heredoc.as_deref(), Some("EOF"));
    }

    #[test]
    fn unquote_removes_quotes_and_escapes() {
        assert_eq!(unquote("\"a b\"'c'\\$d"), "a bc$d");
        assert_eq!(unquote("'unterminated"), "unterminated");
    }

    #[test]
    fn substitutions_are_segments_too() {
        let all: Vec<Option<String>> = all_segments(
            "POD=$(kubectl get pods -l \"app=$(cat name)\" -o name) && echo `date` '$(not this)' $((1+2))",
        )
        .iter()
        .map(Segment::program_name)
        .collect();
        assert_eq!(
            all,
            vec![
                None,
                Some("kubectl".into()),
                Some("cat".into()),
                Some("echo".into()),
                Some("date".into()),
            ]
        );
        let seg = &all_segments("X=$(kubectl get pods -o name)")[1];
        assert_eq!(seg.text, "kubectl get pods -o name");
    }

    #[test]
    fn comments_end_the_line() {
        assert_eq!(programs("make build # && rm -rf /"), vec!["make"]);
        assert_eq!(programs("echo a#b"), vec!["echo"]);
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,200}") {
            let physical = s.split('\n').count();
            for line in script_lines(&s) {
                prop_assert!(line.index < physical, "line {} of {}", line.index, physical);
                prop_assert_eq!(line.text.trim(), line.text.as_str());
                prop_assert!(!line.text.is_empty());
            }
            for seg in segments(&s) {
                // the program is one of the segment's words, and the command starts there
                match seg.program {
                    Some(at) => {
                        prop_assert!(at < seg.words.len());
                        prop_assert!(seg.program_name().is_some());
                        prop_assert_eq!(seg.command_words().len(), seg.words.len() - at);
                    }
                    None => prop_assert!(seg.command_words().is_empty()),
                }
            }
            // unquoting removes, never adds
            prop_assert!(unquote(&s).chars().count() <= s.chars().count());
        }

        #[test]
        fn never_panics_on_shell_alphabet(s in "[a-z $(){}`'\"\\\\|&;<>#=\n-]{0,80}") {
            prop_assert_eq!(script_lines(&s), script_lines(&s));
            // every segment of the line is among all the segments (which add the commands
            // inside substitutions)
            let top = segments(&s);
            let all = all_segments(&s);
            prop_assert!(all.len() >= top.len());
            for seg in &top {
                prop_assert!(all.iter().any(|a| a.text == seg.text), "{}", seg.text);
            }
            for inner in substitutions(&s) {
                prop_assert!(inner.chars().count() < s.chars().count().max(1));
            }
        }
    }
}
