//! String interning: every dimension name, dimension value, measure name and VARCHAR value of a
//! table is stored once and referred to by a 4-byte symbol.

use std::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder, HashTable};

pub type Sym = u32;

#[derive(Debug, Clone, Default)]
pub struct Interner {
    strings: Vec<Box<str>>,
    index: HashTable<Sym>,
    hasher: DefaultHashBuilder,
}

impl Interner {
    pub fn get(&self, s: &str) -> Option<Sym> {
        let h = self.hasher.hash_one(s);
        self.index.find(h, |&sym| &*self.strings[sym as usize] == s).copied()
    }

    pub fn intern(&mut self, s: &str) -> Sym {
        let h = self.hasher.hash_one(s);
        if let Some(&sym) = self.index.find(h, |&sym| &*self.strings[sym as usize] == s) {
            return sym;
        }
        let sym = self.strings.len() as Sym;
        self.strings.push(s.into());
        let (strings, hasher) = (&self.strings, &self.hasher);
        self.index.insert_unique(h, sym, |&k| hasher.hash_one(&*strings[k as usize]));
        sym
    }

    pub fn resolve(&self, sym: Sym) -> &str {
        self.strings.get(sym as usize).map(|s| &**s).unwrap_or("")
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.strings.len()
    }

    /// Bytes held by the interned strings (for memory accounting).
    pub fn heap_bytes(&self) -> usize {
        self.strings.iter().map(|s| s.len()).sum::<usize>()
            + self.strings.capacity() * std::mem::size_of::<Box<str>>()
            + self.index.capacity() * (std::mem::size_of::<Sym>() + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interns_each_string_once() {
        let mut i = Interner::default();
        let a = i.intern("host");
        let b = i.intern("region");
        assert_eq!(i.intern("host"), a);
        assert_ne!(a, b);
        assert_eq!(i.resolve(b), "region");
        assert_eq!(i.get("region"), Some(b));
        assert_eq!(i.get("nope"), None);
        assert_eq!(i.len(), 2);
    }
}
