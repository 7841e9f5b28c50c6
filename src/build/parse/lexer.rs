//! Hand-written scanners for the languages study notes use most (shell, Python, SQL, JSON,
//! YAML, TOML, JavaScript/TypeScript). One pass over the bytes, no regular expressions:
//! a 10,000-note profile spent 41 % of the build's CPU in syntect's regex engine, and
//! these classes are all the page shows anyway. Other languages still go to syntect.

/// A token's class: the `hl-X` suffix in `static/highlight.css`.
pub type Class = &'static str;

const COMMENT: Class = "c";
const STRING: Class = "s";
const NUMBER: Class = "n";
const CONSTANT: Class = "b";
const KEYWORD: Class = "k";
const OPERATOR: Class = "o";
const FUNCTION: Class = "f";
const TAG: Class = "t";
const PROPERTY: Class = "a";
const TYPE: Class = "y";
const VARIABLE: Class = "v";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Lang {
    Shell,
    Python,
    Sql,
    Json,
    Yaml,
    Toml,
    JavaScript,
}

impl Lang {
    /// The scanner for a fence's language name, if one of these covers it.
    pub fn from_name(name: &str) -> Option<Lang> {
        Some(match name {
            "bash" | "sh" | "shell" | "zsh" | "console" | "shell-session" => Lang::Shell,
            "python" | "py" | "python3" => Lang::Python,
            "sql" | "mysql" | "postgresql" | "postgres" | "psql" | "sqlite" | "hive" | "hiveql" | "presto"
            | "athena" | "redshift" | "sparksql" => Lang::Sql,
            "json" | "jsonc" | "json5" => Lang::Json,
            "yaml" | "yml" => Lang::Yaml,
            "toml" => Lang::Toml,
            "js" | "javascript" | "ts" | "typescript" | "mjs" | "cjs" | "node" => Lang::JavaScript,
            _ => return None,
        })
    }
}

/// The classed spans of `code`, in order, as byte ranges; text between them is plain.
pub fn tokens(code: &str, lang: Lang) -> Vec<(usize, usize, Class)> {
    let mut s = Scanner { src: code.as_bytes(), pos: 0, out: Vec::with_capacity(code.len() / 6), lang };
    match lang {
        Lang::Json => s.json(),
        Lang::Yaml => s.yaml(),
        Lang::Toml => s.toml(),
        Lang::Shell => s.shell(),
        _ => s.code(),
    }
    s.out
}

struct Scanner<'a> {
    src: &'a [u8],
    pos: usize,
    out: Vec<(usize, usize, Class)>,
    lang: Lang,
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

/// A number, date or time as YAML and TOML write them: `3`, `-1.5e3`, `2024-01-01`, `0x1F`.
fn looks_numeric(text: &[u8]) -> bool {
    let digits = match text {
        [b'+' | b'-' | b'.', rest @ ..] => rest,
        _ => text,
    };
    digits.first().is_some_and(u8::is_ascii_digit)
        && digits.iter().all(|c| c.is_ascii_alphanumeric() || b"+-.:_".contains(c))
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

const SHELL_KEYWORDS: &[&str] = &[
    "case", "do", "done", "elif", "else", "esac", "fi", "for", "function", "if", "in", "select", "then", "until",
    "while",
];
const PYTHON_KEYWORDS: &[&str] = &[
    "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except",
    "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
    "return", "try", "while", "with", "yield",
];
const PYTHON_CONSTANTS: &[&str] = &["False", "None", "True", "self", "cls"];
const JS_KEYWORDS: &[&str] = &[
    "as",
    "async",
    "await",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "default",
    "delete",
    "do",
    "else",
    "export",
    "extends",
    "finally",
    "for",
    "from",
    "function",
    "if",
    "import",
    "in",
    "instanceof",
    "interface",
    "let",
    "new",
    "of",
    "return",
    "static",
    "switch",
    "throw",
    "try",
    "type",
    "typeof",
    "var",
    "void",
    "while",
    "yield",
];
const JS_CONSTANTS: &[&str] = &["false", "null", "super", "this", "true", "undefined", "NaN", "Infinity"];
/// SQL keywords, upper case (SQL is matched without regard to case).
const SQL_KEYWORDS: &[&str] = &[
    "ADD",
    "ALL",
    "ALTER",
    "AND",
    "ANY",
    "AS",
    "ASC",
    "BETWEEN",
    "BY",
    "CASE",
    "CAST",
    "CREATE",
    "CROSS",
    "DATABASE",
    "DATE",
    "DEFAULT",
    "DELETE",
    "DESC",
    "DISTINCT",
    "DROP",
    "ELSE",
    "END",
    "EXISTS",
    "EXTERNAL",
    "FORMAT",
    "FROM",
    "FULL",
    "GROUP",
    "HAVING",
    "IF",
    "IN",
    "INNER",
    "INSERT",
    "INTERVAL",
    "INTO",
    "IS",
    "JOIN",
    "KEY",
    "LEFT",
    "LIKE",
    "LIMIT",
    "LOCATION",
    "MERGE",
    "NOT",
    "OFFSET",
    "ON",
    "OR",
    "ORDER",
    "OUTER",
    "OVER",
    "PARTITION",
    "PARTITIONED",
    "PRIMARY",
    "REPLACE",
    "RIGHT",
    "ROW",
    "ROWS",
    "SELECT",
    "SET",
    "STORED",
    "TABLE",
    "THEN",
    "TIMESTAMP",
    "UNION",
    "UNLOAD",
    "UPDATE",
    "USING",
    "VALUES",
    "VIEW",
    "WHEN",
    "WHERE",
    "WINDOW",
    "WITH",
    "COPY",
    "STREAM",
    "PUMP",
    "RETURNS",
    "BEGIN",
    "COMMIT",
    "ROLLBACK",
    "TRUNCATE",
    "GRANT",
    "INDEX",
    "SORTKEY",
    "DISTKEY",
    "DISTSTYLE",
];
const SQL_TYPES: &[&str] = &[
    "BIGINT", "BOOLEAN", "CHAR", "DECIMAL", "DOUBLE", "FLOAT", "INT", "INTEGER", "REAL", "SMALLINT", "STRING", "TEXT",
    "VARCHAR", "ARRAY", "MAP", "STRUCT",
];
const SQL_CONSTANTS: &[&str] = &["FALSE", "NULL", "TRUE"];

impl Scanner<'_> {
    fn peek(&self, at: usize) -> u8 {
        self.src.get(self.pos + at).copied().unwrap_or(0)
    }

    fn starts(&self, text: &str) -> bool {
        self.src[self.pos..].starts_with(text.as_bytes())
    }

    fn push(&mut self, start: usize, class: Class) {
        if self.pos > start {
            self.out.push((start, self.pos, class));
        }
    }

    /// Moves to the next char boundary: a multi-byte character is never split.
    fn bump(&mut self) {
        self.pos += 1;
        while self.pos < self.src.len() && (self.src[self.pos] & 0xC0) == 0x80 {
            self.pos += 1;
        }
    }

    fn line_end(&mut self) {
        while self.pos < self.src.len() && self.src[self.pos] != b'\n' {
            self.pos += 1;
        }
    }

    fn ident_end(&mut self) {
        while self.pos < self.src.len() && is_ident(self.src[self.pos]) {
            self.pos += 1;
        }
        while self.pos < self.src.len() && (self.src[self.pos] & 0xC0) == 0x80 {
            self.pos += 1;
        }
    }

    /// A quoted string from its opening quote; `\` escapes unless `raw`; `doubled` means
    /// a repeated quote stands for itself (SQL). Unterminated strings end with the code.
    fn string(&mut self, quote: &[u8], raw: bool, doubled: bool) {
        let start = self.pos;
        self.pos += quote.len();
        while self.pos < self.src.len() {
            let b = self.src[self.pos];
            if b == b'\\' && !raw {
                self.pos += 1;
                if self.pos < self.src.len() {
                    self.bump();
                }
                continue;
            }
            if self.src[self.pos..].starts_with(quote) {
                self.pos += quote.len();
                if doubled && self.src[self.pos..].starts_with(quote) {
                    self.pos += quote.len();
                    continue;
                }
                break;
            }
            if quote.len() == 1 && b == b'\n' && self.lang != Lang::Shell && self.lang != Lang::Sql {
                break;
            }
            self.bump();
        }
        self.push(start, STRING);
    }

    fn number(&mut self) {
        let start = self.pos;
        if self.peek(0) == b'-' {
            self.pos += 1;
            if !self.peek(0).is_ascii_digit() {
                return;
            }
        }
        while self.pos < self.src.len() {
            let b = self.src[self.pos];
            let exponent_sign = (b == b'+' || b == b'-') && matches!(self.src[self.pos - 1], b'e' | b'E');
            if b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || exponent_sign {
                self.pos += 1;
            } else {
                break;
            }
        }
        self.push(start, NUMBER);
    }

    fn block_comment(&mut self, close: &str) {
        let start = self.pos;
        self.pos += 2;
        match self.src[self.pos..].windows(close.len()).position(|w| w == close.as_bytes()) {
            Some(i) => self.pos += i + close.len(),
            None => self.pos = self.src.len(),
        }
        self.push(start, COMMENT);
    }

    /// Python, SQL and JavaScript: comments, strings, numbers, words by their keyword
    /// lists, calls, and operators.
    fn code(&mut self) {
        let lang = self.lang;
        // The word after `def`/`function` names a function, after `class` a type.
        let mut name_next: Option<Class> = None;
        while self.pos < self.src.len() {
            let b = self.src[self.pos];
            let start = self.pos;
            match b {
                b' ' | b'\t' | b'\r' | b'\n' => self.pos += 1,
                b'#' if lang == Lang::Python => {
                    self.line_end();
                    self.push(start, COMMENT);
                }
                b'-' if lang == Lang::Sql && self.starts("--") => {
                    self.line_end();
                    self.push(start, COMMENT);
                }
                b'/' if lang != Lang::Python && self.starts("/*") => self.block_comment("*/"),
                b'/' if lang == Lang::JavaScript && self.starts("//") => {
                    self.line_end();
                    self.push(start, COMMENT);
                }
                b'`' if lang != Lang::JavaScript => {
                    // A quoted identifier (MySQL, Athena): plain text.
                    self.string(b"`", true, false);
                    self.out.pop();
                }
                b'"' | b'\'' | b'`' => {
                    let quote = self.quote(lang == Lang::Python);
                    self.string(quote, lang == Lang::Sql, lang == Lang::Sql);
                }
                b'0'..=b'9' if start == 0 || !is_ident(self.src[start - 1]) => self.number(),
                _ if is_ident_start(b) => {
                    self.ident_end();
                    let word = &self.src[start..self.pos];
                    // Python string prefixes: f"..", r'..', b"..", rb"..".
                    if lang == Lang::Python
                        && word.len() <= 2
                        && word.iter().all(|c| matches!(c.to_ascii_lowercase(), b'f' | b'r' | b'b' | b'u'))
                        && matches!(self.peek(0), b'"' | b'\'')
                    {
                        let raw = word.iter().any(|c| c.eq_ignore_ascii_case(&b'r'));
                        let quote = self.quote(true);
                        self.string(quote, raw, false);
                        if let Some(last) = self.out.last_mut() {
                            last.0 = start;
                        }
                        continue;
                    }
                    let class = name_next.take().or_else(|| self.word_class(word));
                    if let Some(c) = class {
                        self.out.push((start, self.pos, c));
                        if c == KEYWORD {
                            name_next = match word {
                                b"def" | b"function" => Some(FUNCTION),
                                b"class" | b"interface" => Some(TYPE),
                                _ => None,
                            };
                        }
                    }
                }
                b'=' | b'<' | b'>' | b'!' | b'+' | b'-' | b'*' | b'/' | b'%' | b'^' | b'~' | b'&' | b'|' => {
                    self.pos += 1;
                    while matches!(self.peek(0), b'=' | b'>' | b'&' | b'|') {
                        self.pos += 1;
                    }
                    self.push(start, OPERATOR);
                }
                _ => self.bump(),
            }
        }
    }

    /// The quote at the scanner: `"`, `'` or a backtick, or a tripled one where allowed.
    fn quote(&self, triple_allowed: bool) -> &'static [u8] {
        let q = self.peek(0);
        let triple = triple_allowed && self.peek(1) == q && self.peek(2) == q;
        match (q, triple) {
            (b'"', true) => b"\"\"\"",
            (b'\'', true) => b"'''",
            (b'"', _) => b"\"",
            (b'\'', _) => b"'",
            _ => b"`",
        }
    }

    /// Shell: comments, quoted strings, `$variables`, the command word of each command
    /// (line start, after `|`, `;`, `&&`, `$(`), `--options`, keywords.
    fn shell(&mut self) {
        let mut command_next = true;
        while self.pos < self.src.len() {
            let b = self.src[self.pos];
            let start = self.pos;
            match b {
                b'\n' => {
                    self.pos += 1;
                    if start == 0 || self.src[start - 1] != b'\\' {
                        command_next = true;
                    }
                }
                b' ' | b'\t' | b'\r' => self.pos += 1,
                // `#` starts a comment only at the start of a word.
                b'#' if start == 0 || self.src[start - 1].is_ascii_whitespace() => {
                    self.line_end();
                    self.push(start, COMMENT);
                }
                b'"' | b'\'' => {
                    let quote = self.quote(false);
                    self.string(quote, b == b'\'', false);
                    command_next = false;
                }
                b'$' => {
                    self.pos += 1;
                    match self.peek(0) {
                        b'{' => {
                            while self.pos < self.src.len() && !matches!(self.src[self.pos], b'}' | b'\n') {
                                self.pos += 1;
                            }
                            if self.peek(0) == b'}' {
                                self.pos += 1;
                            }
                        }
                        b'(' => {
                            self.pos += 1;
                            self.push(start, OPERATOR);
                            command_next = true;
                            continue;
                        }
                        c if is_ident_start(c) => self.ident_end(),
                        c if c.is_ascii_digit() || matches!(c, b'@' | b'#' | b'?' | b'*' | b'!' | b'$') => {
                            self.pos += 1
                        }
                        _ => {}
                    }
                    self.push(start, VARIABLE);
                    command_next = false;
                }
                b'|' | b'&' | b';' | b'<' | b'>' | b'(' | b')' | b'`' => {
                    self.pos += 1;
                    while matches!(self.peek(0), b'&' | b'|' | b'>' | b';') {
                        self.pos += 1;
                    }
                    if b != b';' && b != b'(' && b != b')' && b != b'`' {
                        self.push(start, OPERATOR);
                    }
                    command_next = !matches!(b, b'<' | b'>' | b')');
                }
                _ => {
                    self.shell_word();
                    let word = &self.src[start..self.pos];
                    let class = if SHELL_KEYWORDS.iter().any(|k| k.as_bytes() == word) {
                        KEYWORD
                    } else if word == b"true" || word == b"false" {
                        CONSTANT
                    } else if command_next {
                        match word.iter().position(|c| *c == b'=') {
                            // `NAME=value cmd`: an assignment, the command still to come.
                            Some(eq) if eq > 0 => {
                                self.out.push((start, start + eq, VARIABLE));
                                continue;
                            }
                            _ => FUNCTION,
                        }
                    } else if word[0] == b'-' && word.len() > 1 {
                        let name_end = word.iter().position(|c| *c == b'=').unwrap_or(word.len());
                        self.out.push((start, start + name_end, VARIABLE));
                        continue;
                    } else if word.iter().all(u8::is_ascii_digit) {
                        NUMBER
                    } else {
                        ""
                    };
                    if !class.is_empty() {
                        self.out.push((start, self.pos, class));
                    }
                    command_next = if class == KEYWORD {
                        !matches!(word, b"in" | b"function" | b"case" | b"for" | b"select")
                    } else {
                        command_next && matches!(word, b"sudo" | b"time" | b"exec" | b"xargs" | b"env" | b"nohup")
                    };
                }
            }
        }
    }

    /// A shell word (a command, an option, an argument) up to whitespace or an operator.
    fn shell_word(&mut self) {
        while self.pos < self.src.len() {
            match self.src[self.pos] {
                b' ' | b'\t' | b'\n' | b'\r' | b';' | b'|' | b'&' | b'(' | b')' | b'<' | b'>' | b'"' | b'\'' | b'`'
                | b'$' => break,
                _ => self.bump(),
            }
        }
    }

    fn word_class(&self, word: &[u8]) -> Option<Class> {
        let next = self.src[self.pos..].iter().find(|c| **c != b' ' && **c != b'\t').copied();
        let is = |list: &[&str]| list.iter().any(|k| k.as_bytes() == word);
        match self.lang {
            Lang::Python => {
                if is(PYTHON_KEYWORDS) {
                    Some(KEYWORD)
                } else if is(PYTHON_CONSTANTS) {
                    Some(CONSTANT)
                } else if next == Some(b'(') {
                    Some(FUNCTION)
                } else if next == Some(b'=') && self.src.get(self.pos + 1) != Some(&b'=') && self.in_call() {
                    Some(VARIABLE)
                } else {
                    None
                }
            }
            Lang::JavaScript => {
                if is(JS_KEYWORDS) {
                    Some(KEYWORD)
                } else if is(JS_CONSTANTS) {
                    Some(CONSTANT)
                } else if next == Some(b'(') {
                    Some(FUNCTION)
                } else if word[0].is_ascii_uppercase() && word.iter().any(|c| c.is_ascii_lowercase()) {
                    Some(TYPE)
                } else {
                    None
                }
            }
            Lang::Sql => {
                if word.len() > 12 {
                    return None;
                }
                let mut upper = [0u8; 12];
                for (u, c) in upper.iter_mut().zip(word) {
                    *u = c.to_ascii_uppercase();
                }
                let upper = &upper[..word.len()];
                let is_upper = |list: &[&str]| list.iter().any(|k| k.as_bytes() == upper);
                if is_upper(SQL_KEYWORDS) {
                    Some(KEYWORD)
                } else if is_upper(SQL_CONSTANTS) {
                    Some(CONSTANT)
                } else if is_upper(SQL_TYPES) {
                    Some(TYPE)
                } else if next == Some(b'(') {
                    Some(FUNCTION)
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    /// Whether the scanner sits inside parentheses opened on this line (a keyword argument).
    fn in_call(&self) -> bool {
        let line_start = self.src[..self.pos].iter().rposition(|c| *c == b'\n').map_or(0, |i| i + 1);
        let mut depth = 0i32;
        for c in &self.src[line_start..self.pos] {
            match c {
                b'(' => depth += 1,
                b')' => depth -= 1,
                _ => {}
            }
        }
        depth > 0
    }

    /// JSON: keys are properties, other strings strings, then numbers and constants.
    fn json(&mut self) {
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
                b'/' if self.starts("//") => {
                    self.line_end();
                    self.push(start, COMMENT);
                }
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
            b'"' => {
                let triple = self.starts("\"\"\"");
                self.string(if triple { b"\"\"\"" } else { b"\"" }, false, false)
            }
            b'\'' => {
                let triple = self.starts("'''");
                self.string(if triple { b"'''" } else { b"'" }, true, self.lang == Lang::Yaml)
            }
            b'#' => {
                self.line_end();
                self.push(start, COMMENT);
            }
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
    fn yaml(&mut self) {
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
            let start = self.pos;
            if self.peek(0) == b'#' {
                self.line_end();
                self.push(start, COMMENT);
            } else if let Some(colon) = self.yaml_key_end() {
                self.pos = colon;
                self.push(start, TAG);
                self.pos += 1;
                self.scalar(CONSTANTS);
            } else {
                self.scalar(CONSTANTS);
            }
            // The rest of the line: a trailing comment, else plain.
            while self.pos < self.src.len() && self.src[self.pos] != b'\n' {
                if self.src[self.pos] == b'#' && self.src[self.pos - 1] == b' ' {
                    let start = self.pos;
                    self.line_end();
                    self.push(start, COMMENT);
                } else {
                    self.bump();
                }
            }
            self.pos += 1;
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
    fn toml(&mut self) {
        const CONSTANTS: &[&[u8]] = &[b"true", b"false", b"inf", b"nan"];
        while self.pos < self.src.len() {
            while self.pos < self.src.len() && matches!(self.src[self.pos], b' ' | b'\t' | b'\r') {
                self.pos += 1;
            }
            let start = self.pos;
            match self.peek(0) {
                b'#' => {
                    self.line_end();
                    self.push(start, COMMENT);
                }
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
                        self.pos = self.pos.max(start + eq + 1);
                        self.toml_value(CONSTANTS);
                    } else {
                        self.toml_value(CONSTANTS);
                    }
                }
            }
            while self.pos < self.src.len() && self.src[self.pos] != b'\n' {
                let start = self.pos;
                if self.src[self.pos] == b'#' {
                    self.line_end();
                    self.push(start, COMMENT);
                } else {
                    self.bump();
                }
            }
            self.pos += 1;
        }
        self.pos = self.src.len();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn classed(code: &str, lang: Lang) -> Vec<(&str, Class)> {
        tokens(code, lang).into_iter().map(|(a, b, c)| (&code[a..b], c)).collect()
    }

    #[test]
    fn python_keywords_strings_comments_calls() {
        let t = classed("def f(x):\n    return g(x, name=\"s\")  # done\n", Lang::Python);
        assert!(t.contains(&("def", "k")) && t.contains(&("f", "f")), "{t:?}");
        assert!(t.contains(&("return", "k")) && t.contains(&("g", "f")), "{t:?}");
        assert!(t.contains(&("name", "v")) && t.contains(&("\"s\"", "s")), "{t:?}");
        assert!(t.contains(&("# done", "c")), "{t:?}");
        let t = classed("x = f'a {b}' + '''\nlong\n'''", Lang::Python);
        assert!(t.contains(&("f'a {b}'", "s")) && t.contains(&("'''\nlong\n'''", "s")), "{t:?}");
    }

    #[test]
    fn sql_ignores_case_and_doubles_quotes() {
        let t = classed("select count(*) from t where a = 'it''s' -- note\nLIMIT 10;", Lang::Sql);
        assert_eq!(
            t,
            vec![
                ("select", "k"),
                ("count", "f"),
                ("*", "o"),
                ("from", "k"),
                ("where", "k"),
                ("=", "o"),
                ("'it''s'", "s"),
                ("-- note", "c"),
                ("LIMIT", "k"),
                ("10", "n"),
            ]
        );
    }

    #[test]
    fn shell_commands_options_variables() {
        let t = classed(
            "#!/bin/bash\naws s3 cp --recursive \"$SRC\" s3://b/ # copy\nfor f in *.csv; do echo ${f}; done | wc -l\n",
            Lang::Shell,
        );
        assert!(t.contains(&("#!/bin/bash", "c")) && t.contains(&("aws", "f")), "{t:?}");
        assert!(t.contains(&("--recursive", "v")) && t.contains(&("\"$SRC\"", "s")), "{t:?}");
        assert!(t.contains(&("# copy", "c")) && t.contains(&("for", "k")), "{t:?}");
        assert!(t.contains(&("echo", "f")) && t.contains(&("${f}", "v")) && t.contains(&("wc", "f")), "{t:?}");
        assert!(!t.iter().any(|(s, _)| *s == "s3"), "{t:?}");
        // A `#` inside a word is no comment.
        assert!(classed("echo a#b\n", Lang::Shell).iter().all(|(_, c)| *c != "c"));
    }

    #[test]
    fn json_keys_values_constants() {
        let t = classed("{\"a\": \"x\", \"n\": -1.5e3, \"ok\": true, \"z\": null}", Lang::Json);
        assert_eq!(
            t,
            vec![
                ("\"a\"", "a"),
                ("\"x\"", "s"),
                ("\"n\"", "a"),
                ("-1.5e3", "n"),
                ("\"ok\"", "a"),
                ("true", "b"),
                ("\"z\"", "a"),
                ("null", "b")
            ]
        );
    }

    #[test]
    fn yaml_keys_scalars_comments() {
        let t =
            classed("title: S3 # the name\nlist:\n  - name: x\n    on: true\n    n: 3\nurl: http://a:b\n", Lang::Yaml);
        assert!(t.contains(&("title", "t")) && t.contains(&("# the name", "c")), "{t:?}");
        assert!(t.contains(&("name", "t")) && t.contains(&("true", "b")) && t.contains(&("3", "n")), "{t:?}");
        assert!(t.contains(&("url", "t")) && !t.iter().any(|(s, _)| s.starts_with("http")), "{t:?}");
    }

    #[test]
    fn toml_tables_keys_values() {
        let t = classed("[links]\n# note\nnever_link = [\"bucket\", 3]\ndraft = true\n[[x.y]]\n", Lang::Toml);
        assert_eq!(
            t,
            vec![
                ("links", "y"),
                ("# note", "c"),
                ("never_link", "a"),
                ("\"bucket\"", "s"),
                ("3", "n"),
                ("draft", "a"),
                ("true", "b"),
                ("x.y", "y")
            ]
        );
    }

    #[test]
    fn javascript_basics() {
        let t = classed("const x = new Map(); // c\nfunction go(a) { return `t${a}` }", Lang::JavaScript);
        assert!(t.contains(&("const", "k")) && t.contains(&("Map", "f")) && t.contains(&("// c", "c")), "{t:?}");
        assert!(t.contains(&("go", "f")) && t.contains(&("`t${a}`", "s")), "{t:?}");
    }

    /// Every scanner moves forward on any input: strings of the characters that steer
    /// them, in a fixed pseudo-random order.
    #[test]
    fn any_input_ends_with_spans_on_char_boundaries() {
        let alphabet: Vec<char> = "ab1 -+.#/*$={}[]()\"'`\\:,|&;<>\n\té_eE".chars().collect();
        let mut seed = 0x2545_f491_u32;
        for lang in [Lang::Shell, Lang::Python, Lang::Sql, Lang::Json, Lang::Yaml, Lang::Toml, Lang::JavaScript] {
            for _ in 0..3000 {
                let mut code = String::new();
                for _ in 0..(seed % 24) {
                    seed ^= seed << 13;
                    seed ^= seed >> 17;
                    seed ^= seed << 5;
                    code.push(alphabet[seed as usize % alphabet.len()]);
                }
                let mut last = 0;
                for (a, b, _) in tokens(&code, lang) {
                    assert!(code.is_char_boundary(a) && code.is_char_boundary(b), "{lang:?} {code:?}");
                    assert!(last <= a && a < b && b <= code.len(), "{lang:?} {code:?}");
                    last = b;
                }
            }
        }
    }

    #[test]
    fn never_splits_a_character_and_always_ends() {
        for lang in [Lang::Shell, Lang::Python, Lang::Sql, Lang::Json, Lang::Yaml, Lang::Toml, Lang::JavaScript] {
            for code in ["é\"ü", "'", "\"\"\"", "$", "${", "/*", "[", "a = ", "-", "é: ü", "\\", "x='\\"] {
                for (a, b, _) in tokens(code, lang) {
                    assert!(code.is_char_boundary(a) && code.is_char_boundary(b) && a < b && b <= code.len());
                }
            }
        }
    }
}
