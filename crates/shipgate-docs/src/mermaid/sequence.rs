//! The `sequenceDiagram` validator, following mermaid's `sequenceDiagram.jison` grammar.
//!
//! Statements are separated by line breaks or `;` (even inside message text, as in mermaid).
//! Keywords are case-insensitive and must stand alone as a word. `#` at the start of a
//! statement and `%%` start comments that run to the end of the line. Messages are
//! `A->>B: text`: the `: text` part is required (the text may be empty), as mermaid's
//! grammar requires it.

use super::error::MermaidError;
use super::source::Source;

/// Message arrows, longest first.
const ARROWS: [&str; 10] = [
    "<<-->>", "<<->>", "-->>", "->>", "-->", "->", "--x", "-x", "--)", "-)",
];

/// Keywords that declare a participant (the last six are mermaid's participant shapes).
const DECLARATIONS: [&str; 8] = [
    "participant",
    "actor",
    "boundary",
    "control",
    "entity",
    "database",
    "collections",
    "queue",
];

/// Blocks closed by `end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    Loop,
    Rect,
    Opt,
    Alt,
    Par,
    Critical,
    Break,
    Box,
}

impl Block {
    /// The block opened by a (lower-case) keyword.
    fn from_keyword(word: &str) -> Option<Block> {
        Some(match word {
            "loop" => Block::Loop,
            "rect" => Block::Rect,
            "opt" => Block::Opt,
            "alt" => Block::Alt,
            "par" | "par_over" => Block::Par,
            "critical" => Block::Critical,
            "break" => Block::Break,
            "box" => Block::Box,
            _ => return None,
        })
    }

    fn keyword(self) -> &'static str {
        match self {
            Block::Loop => "loop",
            Block::Rect => "rect",
            Block::Opt => "opt",
            Block::Alt => "alt",
            Block::Par => "par",
            Block::Critical => "critical",
            Block::Break => "break",
            Block::Box => "box",
        }
    }
}

/// An open block and where its keyword is.
struct Open {
    block: Block,
    at: usize,
}

/// Validate a sequence diagram whose header word ends just before `start`.
pub(crate) fn check(src: &Source, start: usize) -> Result<(), MermaidError> {
    let mut stack: Vec<Open> = Vec::new();
    let mut i = start;
    loop {
        let mut after_semicolon = false;
        while let Some(c) = src.get(i).filter(|c| c.is_whitespace() || *c == ';') {
            after_semicolon = match c {
                ';' => true,
                '\n' => false,
                _ => after_semicolon,
            };
            i += 1;
        }
        match src.get(i) {
            None => break,
            Some('#') => i = src.eol(i),
            Some('%') if src.starts_with(i, "%%") => i = src.eol(i),
            Some(_) => i = statement(src, i, &mut stack, after_semicolon)?,
        }
    }
    match stack.last() {
        Some(open) => Err(src.error(
            open.at,
            format!(
                "`{}` opened here is never closed (missing `end`)",
                open.block.keyword()
            ),
        )),
        None => Ok(()),
    }
}

/// The keyword at `i` (lower-cased) and the index after it; empty when the word at `i`
/// does not stand alone (`loops`, `end2`).
fn keyword(src: &Source, i: usize) -> (String, usize) {
    let mut end = i;
    while src
        .get(end)
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
    {
        end += 1;
    }
    if src.get(end).is_some_and(|c| c.is_alphanumeric()) {
        return (String::new(), i);
    }
    (src.slice(i, end).to_ascii_lowercase(), end)
}

/// Where the statement that holds `i` ends: a line break, `;`, `#` or the end.
fn statement_end(src: &Source, mut i: usize) -> usize {
    while !matches!(src.get(i), None | Some('\n' | ';' | '#')) {
        i += 1;
    }
    i
}

/// Parse one statement starting at the non-blank `i`; the index where it ends.
fn statement(
    src: &Source,
    i: usize,
    stack: &mut Vec<Open>,
    after_semicolon: bool,
) -> Result<usize, MermaidError> {
    let (word, after) = keyword(src, i);
    let in_box = stack.last().is_some_and(|o| o.block == Block::Box);
    let declares = DECLARATIONS.contains(&word.as_str())
        && (word == "participant" || word == "actor" || !has_arrow(src, after));
    if declares {
        return declaration(src, i, &word, after);
    }
    match word.as_str() {
        "destroy" => return name(src, i, "destroy", after),
        "end" => {
            return match stack.pop() {
                Some(_) => Ok(after),
                None => Err(src.error(
                    i,
                    "`end` without an open block (`loop`, `alt`, `opt`, `par`, `critical`, `break`, `rect` or `box`)",
                )),
            };
        }
        _ if in_box => {
            return Err(src.error(
                i,
                "only `participant` and `actor` lines may appear inside a `box`; close it with `end` first",
            ));
        }
        _ => {}
    }
    if let Some(block) = Block::from_keyword(&word) {
        stack.push(Open { block, at: i });
        return Ok(statement_end(src, after));
    }
    match word.as_str() {
        "else" => section(src, i, stack, Block::Alt, "else", after),
        "and" => section(src, i, stack, Block::Par, "and", after),
        "option" => section(src, i, stack, Block::Critical, "option", after),
        "create" => {
            let j = src.skip_spaces(after);
            let (next, next_end) = keyword(src, j);
            if DECLARATIONS.contains(&next.as_str()) {
                declaration(src, j, &next, next_end)
            } else {
                Err(src.error(i, "`create` must be followed by `participant` or `actor`"))
            }
        }
        "note" => note(src, i, after),
        "links" | "link" | "properties" | "details" => {
            let end = actor(src, src.skip_spaces(after), i, &word)?;
            text(src, end, &format!("`{word}`"))
        }
        "activate" | "deactivate" => name(src, i, &word, after),
        "autonumber" => autonumber(src, after),
        "title" => {
            let j = src.skip_spaces(after);
            let j = if src.get(j) == Some(':') {
                src.skip_spaces(j + 1)
            } else {
                j
            };
            let end = statement_end(src, j);
            if src.slice(j, end).trim().is_empty() {
                return Err(src.error(i, "`title` needs a text"));
            }
            Ok(end)
        }
        "acctitle" | "accdescr" if src.get(src.skip_spaces(after)) == Some(':') => {
            Ok(src.eol(after))
        }
        "accdescr" if src.get(src.skip_spaces(after)) == Some('{') => src
            .find(after, "}")
            .map(|k| k + 1)
            .ok_or_else(|| src.error(i, "`accDescr {` opened here is never closed with `}`")),
        "sequencediagram" => Err(src.error(i, "a second `sequenceDiagram` header")),
        _ => message(src, i, after_semicolon),
    }
}

/// `else` / `and` / `option`: only directly inside their block.
fn section(
    src: &Source,
    i: usize,
    stack: &[Open],
    block: Block,
    word: &str,
    after: usize,
) -> Result<usize, MermaidError> {
    match stack.last() {
        Some(open) if open.block == block => Ok(statement_end(src, after)),
        Some(open) => Err(src.error(
            i,
            format!(
                "`{word}` is only allowed directly inside `{}`, not inside `{}`",
                block.keyword(),
                open.block.keyword()
            ),
        )),
        None => Err(src.error(
            i,
            format!("`{word}` is only allowed inside `{}`", block.keyword()),
        )),
    }
}

/// Whether the statement from `i` holds a message arrow.
fn has_arrow(src: &Source, i: usize) -> bool {
    (i..statement_end(src, i)).any(|k| arrow_len(src, k).is_some())
}

/// Length of the message arrow at `i`.
fn arrow_len(src: &Source, i: usize) -> Option<usize> {
    ARROWS
        .iter()
        .find(|a| src.starts_with(i, a))
        .map(|a| a.len())
}

/// `participant A`, `actor A as Alice`, `participant A@{ "type": "queue" }`.
fn declaration(src: &Source, kw: usize, word: &str, after: usize) -> Result<usize, MermaidError> {
    let j = src.skip_spaces(after);
    let end = statement_end(src, j);
    if let Some(config) = (j..end).find(|&k| src.starts_with(k, "@{")) {
        check_name(src, kw, word, j, config)?;
        let Some(close) = src.find(config + 2, "}") else {
            return Err(src.error(config, "`@{` opened here is never closed with `}`"));
        };
        let k = src.skip_spaces(close + 1);
        if let Some(alias) = alias_at(src, k) {
            return Ok(statement_end(src, alias));
        }
        return match src.get(k) {
            None | Some('\n' | ';' | '#') => Ok(k),
            Some(c) => Err(src.error(
                k,
                format!("unexpected `{c}` after the participant's `@{{...}}`"),
            )),
        };
    }
    let mut name_end = end;
    let mut next = end;
    for k in j..end {
        if src.get(k).is_some_and(|c| c == ' ' || c == '\t') {
            if let Some(alias) = alias_at(src, src.skip_spaces(k)) {
                name_end = k;
                next = statement_end(src, alias);
                break;
            }
        }
    }
    check_name(src, kw, word, j, name_end)?;
    Ok(next)
}

/// When `as` followed by a space is at `i`, the index after that space.
fn alias_at(src: &Source, i: usize) -> Option<usize> {
    let spaced = src.get(i + 2).is_some_and(|c| c == ' ' || c == '\t');
    (src.starts_with_ignore_case(i, "as") && spaced).then_some(i + 3)
}

/// A participant name in `from..to`: not empty, none of `< = > : ,`, no leading or
/// trailing `-`.
fn check_name(
    src: &Source,
    kw: usize,
    word: &str,
    from: usize,
    to: usize,
) -> Result<(), MermaidError> {
    let name = src.slice(from, to);
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return Err(src.error(kw, format!("`{word}` needs a participant name")));
    }
    if let Some(k) = (from..to).find(|&k| src.get(k).is_some_and(|c| "<=>:,".contains(c))) {
        let c = src.get(k).unwrap_or(':');
        return Err(src.error(
            k,
            format!("`{c}` cannot appear in a participant name; give a display name with `{word} A as Alice`"),
        ));
    }
    if trimmed.starts_with('-') || trimmed.ends_with('-') {
        return Err(src.error(from, "a participant name cannot start or end with `-`"));
    }
    Ok(())
}

/// `destroy A`, `activate A`, `deactivate A`.
fn name(src: &Source, kw: usize, word: &str, after: usize) -> Result<usize, MermaidError> {
    let j = src.skip_spaces(after);
    let end = statement_end(src, j);
    check_name(src, kw, word, j, end)?;
    Ok(end)
}

/// Where an actor name in a message or note, starting at `i`, ends.
///
/// Mermaid's actor names stop at `+ < = > : , ;` and line breaks; a run of `-` continues a
/// name only when a name character follows and it does not start an arrow (`-x`, `--x`,
/// `-)`, `--)`).
fn actor_end(src: &Source, mut i: usize) -> usize {
    let stops = "+<=>:,;\n";
    loop {
        match src.get(i) {
            None => return i,
            Some(c) if stops.contains(c) => return i,
            Some('-') => {
                let mut n = 0;
                while src.get(i + n) == Some('-') {
                    n += 1;
                }
                let after = src.get(i + n);
                let arrow_head = n <= 2 && matches!(after, Some('x' | ')'));
                if arrow_head || after.is_none_or(|c| stops.contains(c)) {
                    return i;
                }
                i += n;
            }
            Some(_) => i += 1,
        }
    }
}

/// A non-empty actor name from `i`; the index after it. `kw` and `word` name the statement
/// for the error.
fn actor(src: &Source, i: usize, kw: usize, word: &str) -> Result<usize, MermaidError> {
    let end = actor_end(src, i);
    if src.slice(i, end).trim().is_empty() {
        return Err(src.error(kw, format!("`{word}` needs a participant name")));
    }
    Ok(end)
}

/// The `: text` part at `i` (after spaces); the index where the statement ends.
fn text(src: &Source, i: usize, what: &str) -> Result<usize, MermaidError> {
    let j = src.skip_spaces(i);
    match src.get(j) {
        Some(':') => Ok(statement_end(src, j + 1)),
        None | Some('\n' | ';' | '#') => Err(src.error(
            j,
            format!("{what} needs `: text` after the participant (mermaid requires the colon)"),
        )),
        Some(c) => Err(src.error(j, format!("unexpected `{c}`; expected `: text`"))),
    }
}

/// `Note left of A: x`, `Note right of A: x`, `Note over A,B: x`.
fn note(src: &Source, kw: usize, after: usize) -> Result<usize, MermaidError> {
    let j = src.skip_spaces(after);
    let (place, place_end) = keyword(src, j);
    let names_from = match place.as_str() {
        "left" | "right" => {
            let k = src.skip_spaces(place_end);
            let (of, of_end) = keyword(src, k);
            if of != "of" || of_end == k {
                return Err(src.error(k, format!("expected `{place} of` in the note")));
            }
            of_end
        }
        "over" => place_end,
        _ => {
            return Err(src.error(
                j,
                "`Note` needs a placement: `left of`, `right of` or `over`",
            ));
        }
    };
    let mut end = actor(src, src.skip_spaces(names_from), kw, "Note")?;
    if place == "over" && src.get(end) == Some(',') {
        end = actor(src, end + 1, kw, "Note")?;
    }
    text(src, end, "`Note`")
}

/// `autonumber`, `autonumber off`, `autonumber 10`, `autonumber 10 5`.
fn autonumber(src: &Source, after: usize) -> Result<usize, MermaidError> {
    let j = src.skip_spaces(after);
    let end = statement_end(src, j);
    let rest = src.slice(j, end);
    let words: Vec<&str> = rest.split_whitespace().collect();
    let numbers = words.len() <= 2 && words.iter().all(|w| w.chars().all(|c| c.is_ascii_digit()));
    if numbers || words.len() == 1 && words.first().is_some_and(|w| w.eq_ignore_ascii_case("off")) {
        return Ok(end);
    }
    Err(src.error(
        j,
        "`autonumber` takes nothing, `off`, or a start number and a step",
    ))
}

/// `A->>B: text`, with `+`/`-` activation before the target.
fn message(src: &Source, i: usize, after_semicolon: bool) -> Result<usize, MermaidError> {
    let sender_end = actor_end(src, i);
    let Some(arrow) = arrow_len(src, sender_end) else {
        let at = if src.at_separator(sender_end) {
            i
        } else {
            sender_end
        };
        let mut message = "no recognisable message arrow (expected `->>`, `-->>`, `->`, `-->`, `-x`, `--x`, `-)`, `--)`, `<<->>` or `<<-->>`) and not a sequence keyword".to_string();
        if after_semicolon {
            message.push_str("; note that `;` ends a statement, even inside message text");
        }
        return Err(src.error(at, message));
    };
    if src.slice(i, sender_end).trim().is_empty() {
        return Err(src.error(sender_end, "message has no sender"));
    }
    let mut k = src.skip_spaces(sender_end + arrow);
    if matches!(src.get(k), Some('+' | '-')) {
        k = src.skip_spaces(k + 1);
    }
    let target_end = actor_end(src, k);
    if src.slice(k, target_end).trim().is_empty() {
        return Err(src.error(sender_end, "message has no target"));
    }
    match src.get(target_end) {
        Some(':') => Ok(statement_end(src, target_end + 1)),
        None | Some('\n' | ';') => Err(src.error(
            target_end,
            "message needs `: text` after its target (mermaid requires the colon, even with no text)",
        )),
        Some(c) => Err(src.error(
            target_end,
            format!("unexpected `{c}` after the message target"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_body(body: &str) -> Result<(), MermaidError> {
        let text = format!("sequenceDiagram\n{body}");
        let src = Source::new(&text);
        check(&src, 15)
    }

    fn error_at(body: &str) -> (u32, u32, String) {
        let e = check_body(body).expect_err(body);
        (e.line, e.column, e.message)
    }

    #[test]
    fn every_arrow_and_activation() {
        let body = "A->B: a\nA-->B: a\nA->>B: a\nA-->>B: a\nA-xB: a\nA--xB: a\nA-)B: a\nA--)B: a\n\
                    A<<->>B: a\nA<<-->>B: a\nA->>+B: on\nB-->>-A: off\nA ->> B : spaced\n\
                    Alice Smith->>my-service: names with spaces and dashes\nA->>B:\n";
        check_body(body).unwrap();
    }

    #[test]
    fn declarations() {
        let body = "participant A\nparticipant B as Bob the builder\nactor C as Carol\nactor D\n\
                    create participant E\ncreate actor F as Fay\ndestroy E\n\
                    participant Q@{ \"type\": \"queue\" }\ndatabase DB\nparticipant Alice Smith\n";
        check_body(body).unwrap();
    }

    #[test]
    fn notes_and_other_statements() {
        let body = "Note left of A: x\nNote right of A: x\nNote over A,B: x\nnote over A: x\n\
                    activate A\ndeactivate A\nautonumber\nautonumber 10 5\nautonumber off\n\
                    title Checkout flow\nlink A: Dashboard @ https://example.com\n\
                    links A: {\"x\": \"https://example.com\"}\naccTitle: t\naccDescr: d\n\
                    accDescr {\n many\n lines\n}\n%% comment\n# hash comment\nA->>B: x # trailing\n";
        check_body(body).unwrap();
    }

    #[test]
    fn blocks_balance() {
        let body = "loop Every minute\n  A->>B: ping\nend\nalt ok\n  A->>B: yes\nelse failed\n  A->>B: no\nend\n\
                    opt maybe\nend\npar one\n A->>B: x\nand two\n A->>C: y\nend\ncritical c\nA->>B: x\noption o\nend\n\
                    break stop\nend\nrect rgb(0, 255, 0)\nend\nbox Aqua Group\nparticipant X\nactor Y\nend\n\
                    LOOP upper\nEND\n";
        check_body(body).unwrap();
    }

    #[test]
    fn missing_end_is_reported_at_the_opening_line() {
        let (line, column, message) = error_at("A->>B: x\n  loop forever\n  A->>B: x\n");
        assert_eq!((line, column), (3, 3));
        assert_eq!(
            message,
            "`loop` opened here is never closed (missing `end`)"
        );
        let (line, _, message) = error_at("alt a\nelse b\nopt c\nend\n");
        assert_eq!(line, 2);
        assert!(message.starts_with("`alt`"), "{message}");
    }

    #[test]
    fn unbalanced_end() {
        let (line, column, message) = error_at("loop x\nend\n  end\n");
        assert_eq!((line, column), (4, 3));
        assert!(
            message.starts_with("`end` without an open block"),
            "{message}"
        );
    }

    #[test]
    fn sections_only_in_their_block() {
        let (line, _, message) = error_at("loop x\nelse y\nend\n");
        assert_eq!(line, 3);
        assert!(message.contains("`else`"), "{message}");
        let (line, _, _) = error_at("and y\n");
        assert_eq!(line, 2);
        let (line, _, _) = error_at("alt x\noption y\nend\n");
        assert_eq!(line, 3);
        let (line, _, message) = error_at("alt x\nloop y\nelse z\nend\nend\n");
        assert_eq!(line, 4);
        assert!(message.contains("not inside `loop`"), "{message}");
    }

    #[test]
    fn a_box_holds_only_participants() {
        let (line, column, message) = error_at("box Blue\nparticipant A\nA->>B: x\nend\n");
        assert_eq!((line, column), (4, 1));
        assert!(message.contains("inside a `box`"), "{message}");
    }

    #[test]
    fn message_without_arrow() {
        let (line, column, message) = error_at("A->>B: ok\nAlice says hello\n");
        assert_eq!((line, column), (3, 1));
        assert!(
            message.starts_with("no recognisable message arrow"),
            "{message}"
        );
        let (line, column, _) = error_at("A => B: hi\n");
        assert_eq!((line, column), (2, 3));
        let (_, _, message) = error_at("A->>B: one; two\n");
        assert!(message.contains("`;` ends a statement"), "{message}");
    }

    #[test]
    fn message_without_target_or_sender() {
        let (line, column, message) = error_at("A->>B: ok\nA->>\n");
        assert_eq!((line, column), (3, 2));
        assert_eq!(message, "message has no target");
        let (line, column, message) = error_at("A->>: hello\n");
        assert_eq!((line, column), (2, 2));
        assert_eq!(message, "message has no target");
        let (line, column, message) = error_at("->>B: hello\n");
        assert_eq!((line, column), (2, 1));
        assert_eq!(message, "message has no sender");
    }

    #[test]
    fn message_text_needs_its_colon() {
        let (line, column, message) = error_at("A->>B\n");
        assert_eq!((line, column), (2, 6));
        assert!(message.contains("`: text`"), "{message}");
        let (line, column, _) = error_at("A->>B->>C: x\n");
        assert_eq!((line, column), (2, 6));
    }

    #[test]
    fn note_problems() {
        let (line, _, message) = error_at("Note right of A\n");
        assert_eq!(line, 2);
        assert!(message.contains("`: text`"), "{message}");
        let (line, column, _) = error_at("Note beside A: x\n");
        assert_eq!((line, column), (2, 6));
        let (line, _, _) = error_at("Note left A: x\n");
        assert_eq!(line, 2);
        let (line, _, _) = error_at("Note over : x\n");
        assert_eq!(line, 2);
    }

    #[test]
    fn participant_problems() {
        let (line, column, message) = error_at("participant A: Alice\n");
        assert_eq!((line, column), (2, 14));
        assert!(message.contains("as Alice"), "{message}");
        let (line, _, _) = error_at("participant\n");
        assert_eq!(line, 2);
        let (line, _, _) = error_at("create note\n");
        assert_eq!(line, 2);
        let (line, _, _) = error_at("participant A@{ \"type\": \"queue\"\n");
        assert_eq!(line, 2);
    }

    #[test]
    fn keywords_must_stand_alone() {
        // `Loop` is a keyword (mermaid's keywords ignore case), so this opens a block.
        let (_, _, message) = error_at("Loop->>B: x\n");
        assert!(message.contains("never closed"), "{message}");
        // Longer words are names.
        check_body("Looper->>B: x\nEndpoint->>Options: y\n").unwrap();
    }

    #[test]
    fn autonumber_and_title_arguments() {
        assert!(error_at("autonumber sometimes\n").2.contains("autonumber"));
        assert!(error_at("title\n").2.contains("title"));
    }
}
