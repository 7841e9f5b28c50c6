//! Hand-written scanners for the languages study notes use most (shell, Python, SQL, JSON,
//! YAML, TOML, JavaScript/TypeScript). One pass over the bytes, no regular expressions:
//! a 10,000-note profile spent 41 % of the build's CPU in syntect's regex engine, and
//! these classes are all the page shows anyway. Other languages still go to syntect.

mod data;
#[cfg(test)]
mod tests;

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

    /// A comment from here to the end of the line.
    fn line_comment(&mut self) {
        let start = self.pos;
        self.line_end();
        self.push(start, COMMENT);
    }

    /// Past an identifier (every byte of a multi-byte character counts as one, so no
    /// character is split).
    fn ident_end(&mut self) {
        while self.pos < self.src.len() && is_ident(self.src[self.pos]) {
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
                b'#' if lang == Lang::Python => self.line_comment(),
                b'-' if lang == Lang::Sql && self.starts("--") => self.line_comment(),
                b'/' if lang != Lang::Python && self.starts("/*") => self.block_comment("*/"),
                b'/' if lang == Lang::JavaScript && self.starts("//") => self.line_comment(),
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
                b'#' if start == 0 || self.src[start - 1].is_ascii_whitespace() => self.line_comment(),
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
}
