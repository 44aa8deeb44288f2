/// A value passed to or read from a database by keel's own queries.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// SQL NULL.
    Null,
    /// Any integer.
    Int(i64),
    /// Any floating-point number.
    Float(f64),
    /// Text.
    Text(String),
    /// Bytes that are not valid text.
    Bytes(Vec<u8>),
}

impl Value {
    /// The value as text, if it is text (or bytes that are valid UTF-8).
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            Value::Bytes(b) => std::str::from_utf8(b).ok(),
            _ => None,
        }
    }

    /// The value as an integer; text holding an integer counts (some drivers return text).
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            Value::Float(f) if f.fract() == 0.0 => Some(*f as i64),
            other => other.as_str().and_then(|s| s.trim().parse().ok()),
        }
    }

    /// Whether the value is NULL.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Text(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Text(s)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// One result row.
pub type Row = Vec<Value>;

/// One of keel's own bookkeeping statements (a history write): SQL with `?` placeholders and
/// the values bound to them. Never user SQL.
#[derive(Clone, Debug, PartialEq)]
pub struct Bound {
    /// The statement, with `?` placeholders.
    pub sql: String,
    /// One value per placeholder, in order.
    pub params: Vec<Value>,
}

impl Bound {
    /// A statement and its values.
    pub fn new(sql: impl Into<String>, params: Vec<Value>) -> Self {
        Self {
            sql: sql.into(),
            params,
        }
    }
}

/// One step of [`crate::Connection::run_steps`].
#[derive(Clone, Copy, Debug)]
pub enum Step<'a> {
    /// A statement of a migration, run as written (see [`crate::Connection::execute`]).
    Sql(&'a str),
    /// A bookkeeping statement (see [`crate::Connection::execute_with`]).
    Bound(&'a Bound),
}
