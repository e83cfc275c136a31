//! The words of a shell command line as a POSIX shell splits them: single quotes keep
//! everything, double quotes take `\"`, `\\`, `\$` and `` \` ``, a backslash outside quotes keeps
//! the next character, and a backslash (or `^` of cmd.exe, `` ` `` of PowerShell) at the end of
//! a line continues the command. The command ends at an unquoted newline, `;`, `|`, `&`, `<` or
//! `>`. Each word remembers where its characters came from, for error positions.

use crate::code::literal::SyntaxError;

/// One word after quote removal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    /// (byte in `text`, byte in the command line) where each contiguous run of it starts.
    runs: Vec<(usize, usize)>,
}

impl Word {
    /// The byte of the command line that byte `i` of the word came from.
    pub fn source(&self, i: usize) -> usize {
        let k = self.runs.partition_point(|&(w, _)| w <= i).saturating_sub(1);
        self.runs.get(k).map_or(0, |&(w, s)| s + (i - w))
    }

    /// Where the word starts in the command line.
    pub fn start(&self) -> usize {
        self.source(0)
    }

    /// The word from byte `skip` on (a char boundary).
    pub fn tail(&self, skip: usize) -> Word {
        let mut runs = vec![(0, self.source(skip))];
        runs.extend(self.runs.iter().filter(|&&(w, _)| w > skip).map(|&(w, s)| (w - skip, s)));
        Word { text: self.text.get(skip..).unwrap_or_default().to_string(), runs }
    }

    fn push(&mut self, c: char, at: usize) {
        let contiguous = self.runs.last().is_some_and(|&(w, s)| s + (self.text.len() - w) == at);
        if !contiguous {
            self.runs.push((self.text.len(), at));
        }
        self.text.push(c);
    }
}

/// The words of the command that starts at byte `start` of `text`.
pub fn words(text: &str, start: usize) -> Result<Vec<Word>, SyntaxError> {
    let mut words = Vec::new();
    let mut word: Option<Word> = None;
    let mut chars = text[start..].char_indices().map(|(i, c)| (start + i, c)).peekable();
    let err = |at: usize, m: &str| Err(SyntaxError { at, message: m.to_string() });
    while let Some((at, c)) = chars.next() {
        let rest = &text[at + c.len_utf8()..];
        let line_end = rest.trim_start_matches([' ', '\t', '\r']).starts_with('\n') || rest.trim().is_empty();
        match c {
            '\\' | '^' | '`' if line_end && (c == '\\' || rest.trim_start_matches([' ', '\t', '\r']).starts_with('\n')) => {
                // A continuation: skip to the next line.
                for (_, n) in chars.by_ref() {
                    if n == '\n' {
                        break;
                    }
                }
            }
            ' ' | '\t' | '\r' => words.extend(word.take()),
            '\n' | ';' | '|' | '&' | '<' | '>' => {
                words.extend(word.take());
                if !words.is_empty() {
                    break;
                }
            }
            '#' if word.is_none() => {
                for (_, n) in chars.by_ref() {
                    if n == '\n' {
                        break;
                    }
                }
                if !words.is_empty() {
                    break;
                }
            }
            '\'' => {
                let w = word.get_or_insert_with(empty);
                loop {
                    match chars.next() {
                        None => return err(at, "a quote ' that is never closed"),
                        Some((_, '\'')) => break,
                        Some((i, c)) => w.push(c, i),
                    }
                }
            }
            '"' => {
                let w = word.get_or_insert_with(empty);
                loop {
                    match chars.next() {
                        None => return err(at, "a quote \" that is never closed"),
                        Some((_, '"')) => break,
                        Some((i, '\\')) => match chars.peek().copied() {
                            Some((j, n @ ('"' | '\\' | '$' | '`'))) => {
                                chars.next();
                                w.push(n, j);
                            }
                            Some((_, '\n')) => {
                                chars.next();
                            }
                            _ => w.push('\\', i),
                        },
                        Some((i, '$')) if variable(&text[i + 1..]) => {
                            return err(i, "the shell would put a variable's value here (`$…`): write the value instead");
                        }
                        Some((i, c)) => w.push(c, i),
                    }
                }
            }
            '\\' => {
                if let Some((i, n)) = chars.next() {
                    word.get_or_insert_with(empty).push(n, i);
                }
            }
            '$' if variable(rest) || rest.starts_with('\'') => {
                return err(at, "the shell would put a variable's value here (`$…`): write the value instead");
            }
            c => word.get_or_insert_with(empty).push(c, at),
        }
    }
    words.extend(word);
    Ok(words)
}

fn empty() -> Word {
    Word { text: String::new(), runs: Vec::new() }
}

/// `$NAME`, `${…}` or `$(…)`.
fn variable(after: &str) -> bool {
    after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '{' || c == '(')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str) -> Vec<String> {
        words(line, 0).unwrap().into_iter().map(|w| w.text).collect()
    }

    #[test]
    fn quotes_escapes_and_continuations_make_words() {
        assert_eq!(texts("aws  'a b' \"c \\\"d\\\" \\x\" e\\ f 'it'\\''s'"), ["aws", "a b", "c \"d\" \\x", "e f", "it's"]);
        assert_eq!(texts("aws \\\n  --x 1 \\  \n --y 2\nnext line"), ["aws", "--x", "1", "--y", "2"]);
        assert_eq!(texts("aws ^\r\n  --x `\n 1 # comment\n"), ["aws", "--x", "1"]);
        assert_eq!(texts("# comment\naws x | jq ."), ["aws", "x"]);
    }

    #[test]
    fn words_know_where_their_characters_came_from() {
        let line = "aws --x 'ab'\\''cd'";
        let w = &words(line, 0).unwrap()[2];
        assert_eq!(w.text, "ab'cd");
        assert_eq!((w.start(), w.source(1), w.source(2), w.source(3)), (9, 10, 13, 15));
    }

    #[test]
    fn unclosed_quotes_and_variables_are_errors_where_they_start() {
        assert_eq!(words("aws 'x", 0).unwrap_err().at, 4);
        assert_eq!(words("aws \"$HOME\"", 0).unwrap_err().at, 5);
        assert!(words("aws x$y", 0).is_err());
        assert_eq!(texts("aws 'a$b' \"price \\$5\""), ["aws", "a$b", "price $5"]);
    }
}
