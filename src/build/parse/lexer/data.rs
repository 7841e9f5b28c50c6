//! The data formats: JSON, YAML and TOML, read a line (or a value) at a time.

use super::{looks_numeric, Lang, Scanner, CONSTANT, NUMBER, OPERATOR, PROPERTY, TAG, TYPE};

impl Scanner<'_> {
    /// JSON: keys are properties, other strings strings, then numbers and constants.
    pub(super) fn json(&mut self) {
        while self.pos < self.src.len() {
            let b = self.src[self.pos];
            let start = self.pos;
            match b {
                b'"' => {
                    self.string(b"\"", false, false);
                    let rest = &self.src[self.pos..];
                    let is_key = rest.iter().find(|c| !c.is_ascii_whitespace()) == Some(&b':');
                    if is_key {
                        if let Some(last) = self.out.last_mut() {
                            last.2 = PROPERTY;
                        }
                    }
                }
                b'/' if self.starts("//") => self.line_comment(),
                b'/' if self.starts("/*") => self.block_comment("*/"),
                b'-' | b'0'..=b'9' => self.number(),
                _ if b.is_ascii_alphabetic() => {
                    self.ident_end();
                    if matches!(&self.src[start..self.pos], b"true" | b"false" | b"null") {
                        self.push(start, CONSTANT);
                    }
                }
                _ => self.bump(),
            }
        }
    }

    /// A scalar after `key:` or `- ` in YAML, or after `=` in TOML, to the end of its line.
    fn scalar(&mut self, constants: &[&[u8]]) {
        while self.pos < self.src.len() && matches!(self.src[self.pos], b' ' | b'\t') {
            self.pos += 1;
        }
        let start = self.pos;
        match self.peek(0) {
            q @ (b'"' | b'\'') => {
                // Single quotes are literal; in YAML `''` stands for `'`.
                let literal = q == b'\'';
                let quote = self.quote(true);
                self.string(quote, literal, literal && self.lang == Lang::Yaml)
            }
            b'#' => self.line_comment(),
            b'-' | b'+' | b'0'..=b'9' | b'.' => {
                let end = self.value_end();
                let text = &self.src[start..end];
                if looks_numeric(text) {
                    self.pos = end;
                    self.push(start, NUMBER);
                }
            }
            c if c.is_ascii_alphabetic() => {
                let end = self.value_end();
                if constants.contains(&&self.src[start..end]) {
                    self.pos = end;
                    self.push(start, CONSTANT);
                }
            }
            _ => {}
        }
    }

    /// Where an unquoted value ends: before a comment, a comma, a bracket or the line end.
    fn value_end(&self) -> usize {
        let mut end = self.pos;
        while end < self.src.len() && !matches!(self.src[end], b'\n' | b'#' | b',' | b']' | b'}') {
            end += 1;
        }
        while end > self.pos && self.src[end - 1].is_ascii_whitespace() {
            end -= 1;
        }
        end
    }

    /// YAML, a line at a time: `key:` as a tag, then its scalar; comments; list items.
    pub(super) fn yaml(&mut self) {
        const CONSTANTS: &[&[u8]] = &[b"true", b"false", b"null", b"yes", b"no", b"True", b"False", b"Null", b"~"];
        while self.pos < self.src.len() {
            while self.pos < self.src.len() && matches!(self.src[self.pos], b' ' | b'\t') {
                self.pos += 1;
            }
            while self.peek(0) == b'-' && matches!(self.peek(1), b' ' | b'\n') {
                let start = self.pos;
                self.pos += 1;
                self.push(start, OPERATOR);
                while self.peek(0) == b' ' {
                    self.pos += 1;
                }
            }
            if self.peek(0) == b'#' {
                self.line_comment();
            } else {
                let start = self.pos;
                if let Some(colon) = self.yaml_key_end() {
                    self.pos = colon;
                    self.push(start, TAG);
                    self.pos += 1;
                }
                self.scalar(CONSTANTS);
            }
            // YAML: `#` starts a comment only after a blank (`a#b` is one scalar).
            self.rest_of_line(true);
        }
        self.pos = self.src.len();
    }

    /// The position of the `:` ending a YAML key on this line, if it starts with one.
    fn yaml_key_end(&self) -> Option<usize> {
        let mut i = self.pos;
        while i < self.src.len() {
            match self.src[i] {
                b':' if matches!(self.src.get(i + 1), None | Some(b' ' | b'\n' | b'\r' | b'\t')) => {
                    return (i > self.pos).then_some(i)
                }
                b'\n' | b'#' | b'"' | b'\'' | b'{' | b'[' => return None,
                _ => i += 1,
            }
        }
        None
    }

    /// TOML, a line at a time: `[table]` names as types, `key =` as properties, values.
    pub(super) fn toml(&mut self) {
        const CONSTANTS: &[&[u8]] = &[b"true", b"false", b"inf", b"nan"];
        while self.pos < self.src.len() {
            while self.pos < self.src.len() && matches!(self.src[self.pos], b' ' | b'\t' | b'\r') {
                self.pos += 1;
            }
            let start = self.pos;
            match self.peek(0) {
                b'#' => self.line_comment(),
                b'[' => {
                    while self.peek(0) == b'[' {
                        self.pos += 1;
                    }
                    let name = self.pos;
                    while self.pos < self.src.len() && !matches!(self.src[self.pos], b']' | b'\n') {
                        self.pos += 1;
                    }
                    self.push(name, TYPE);
                }
                b'\n' | 0 => {}
                _ => {
                    let line_end =
                        self.src[self.pos..].iter().position(|c| *c == b'\n').map_or(self.src.len(), |i| self.pos + i);
                    if let Some(eq) = self.src[self.pos..line_end].iter().position(|c| *c == b'=') {
                        let mut key_end = self.pos + eq;
                        while key_end > self.pos && self.src[key_end - 1] == b' ' {
                            key_end -= 1;
                        }
                        self.pos = key_end;
                        self.push(start, PROPERTY);
                        self.pos = start + eq + 1;
                    }
                    self.toml_value(CONSTANTS);
                }
            }
            self.rest_of_line(false);
        }
        self.pos = self.src.len();
    }

    /// The rest of a line of YAML or TOML: plain text up to a trailing comment, and past
    /// the line break. `after_blank`: a `#` needs a blank before it to start the comment.
    fn rest_of_line(&mut self, after_blank: bool) {
        while self.pos < self.src.len() && self.src[self.pos] != b'\n' {
            if self.src[self.pos] == b'#' && (!after_blank || self.src[self.pos - 1] == b' ') {
                self.line_comment();
            } else {
                self.bump();
            }
        }
        self.pos += 1;
    }

    /// A TOML value, including the items of an inline array.
    fn toml_value(&mut self, constants: &[&[u8]]) {
        loop {
            while matches!(self.peek(0), b' ' | b'\t' | b'[' | b']' | b'{' | b'}' | b',') {
                self.pos += 1;
            }
            let before = self.pos;
            self.scalar(constants);
            if self.pos == before {
                break;
            }
        }
    }
}
