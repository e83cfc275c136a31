//! What a conversion did that JSON does not need: the note lists it.

macro_rules! features {
    ($($name:ident => $text:expr),+ $(,)?) => {
        /// Something a conversion did that JSON does not need (the note lists them, in this order).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Feature { $($name),+ }
        impl Feature {
            const ALL: &'static [Feature] = &[$(Feature::$name),+];
            pub fn describe(self) -> &'static str {
                match self { $(Feature::$name => $text),+ }
            }
        }
    };
}

features!(
    KeywordArguments => "keyword arguments → members",
    Options => "options → members",
    CliInputJson => "--cli-input-json read",
    Shorthand => "shorthand syntax → JSON",
    Spread => "spreads (** / ...) merged",
    Variables => "variables → their assigned values",
    SingleQuotes => "single quotes → double quotes",
    PythonConstants => "True/False/None → true/false/null",
    UnquotedKeys => "unquoted keys quoted",
    TrailingCommas => "trailing commas dropped",
    Comments => "comments dropped",
    Concatenation => "adjacent strings joined",
    Tuples => "tuples → lists",
    StringForms => "raw, triple-quoted and template strings read",
    Escapes => "escapes rewritten",
    Numbers => "numbers rewritten",
);

/// A set of [`Feature`]s.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Features(u32);

impl Features {
    pub fn add(&mut self, f: Feature) {
        self.0 |= 1 << f as u32;
    }
    pub fn has(self, f: Feature) -> bool {
        self.0 & (1 << f as u32) != 0
    }
    pub fn union(&mut self, other: Features) {
        self.0 |= other.0;
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// `single quotes → double quotes, trailing commas dropped`.
    pub fn describe(self) -> String {
        Feature::ALL.iter().filter(|f| self.has(**f)).map(|f| f.describe()).collect::<Vec<_>>().join(", ")
    }
}
