//! The emulated S3 object store: buckets → keys → bytes. Part of the engine state, so snapshots
//! carry it. Object bodies serialize as a JSON string when they are valid UTF-8 and as
//! `{"base64": "..."}` otherwise, keeping snapshots plain JSON.

use std::collections::BTreeMap;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::clock::Nanos;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectStore {
    /// Boxed, as the engine state's other maps by name (`crate::state::State`).
    pub buckets: BTreeMap<String, Box<Bucket>>,
}

crate::value_de::lean_reader!(ObjectStore, Camel; buckets);

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Bucket {
    pub created: Nanos,
    pub objects: BTreeMap<String, Box<Object>>,
}

crate::value_de::lean_reader!(Bucket, Camel; created, objects);

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Object {
    #[serde(serialize_with = "ser_bytes", deserialize_with = "de_bytes")]
    pub data: Vec<u8>,
    pub modified: Nanos,
}

/// One object as a listing shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectInfo {
    pub key: String,
    pub size: u64,
    pub modified: Nanos,
}

crate::value_de::lean_reader!(ObjectInfo, Camel; key, size, modified);

/// One bucket as a listing shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BucketInfo {
    pub name: String,
    pub objects: usize,
    pub bytes: u64,
    pub created: Nanos,
}

crate::value_de::lean_reader!(BucketInfo, Camel; name, objects, bytes, created);

fn ser_bytes<S: Serializer>(data: &[u8], s: S) -> Result<S::Ok, S::Error> {
    match std::str::from_utf8(data) {
        Ok(text) => s.serialize_str(text),
        Err(_) => {
            #[derive(Serialize)]
            struct B64 {
                base64: String,
            }
            B64 { base64: STANDARD.encode(data) }.serialize(s)
        }
    }
}

/// An object's data: its text, or `{"base64": "..."}` (read through a JSON value, not serde's
/// untagged reader, which buffers the value and tries each form in turn).
fn de_bytes<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
    use serde::de::Error;
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(t) => Ok(t.into_bytes()),
        v => match v.get("base64").and_then(serde_json::Value::as_str) {
            Some(b64) => STANDARD.decode(b64).map_err(D::Error::custom),
            None => Err(D::Error::custom("an object's data is its text or {\"base64\": \"...\"}")),
        },
    }
}

impl ObjectStore {
    /// Creates a bucket if it does not exist; returns whether it was created.
    pub fn create_bucket(&mut self, bucket: &str, now: Nanos) -> bool {
        if self.buckets.contains_key(bucket) {
            return false;
        }
        self.buckets.insert(bucket.to_string(), Box::new(Bucket { created: now, objects: BTreeMap::new() }));
        true
    }

    /// Removes a bucket and its objects; returns whether it existed.
    pub fn delete_bucket(&mut self, bucket: &str) -> bool {
        self.buckets.remove(bucket).is_some()
    }

    /// Stores an object, creating the bucket when needed (replaces an existing object).
    pub fn put(&mut self, bucket: &str, key: &str, data: Vec<u8>, now: Nanos) {
        self.create_bucket(bucket, now);
        if let Some(b) = self.buckets.get_mut(bucket) {
            b.objects.insert(key.to_string(), Box::new(Object { data, modified: now }));
        }
    }

    pub fn get(&self, bucket: &str, key: &str) -> Option<&Object> {
        self.buckets.get(bucket)?.objects.get(key).map(|o| &**o)
    }

    pub fn delete(&mut self, bucket: &str, key: &str) -> bool {
        self.buckets.get_mut(bucket).is_some_and(|b| b.objects.remove(key).is_some())
    }

    pub fn has_bucket(&self, bucket: &str) -> bool {
        self.buckets.contains_key(bucket)
    }

    /// Objects of a bucket whose key starts with `prefix` (all when None), in key order.
    pub fn list(&self, bucket: &str, prefix: Option<&str>) -> Vec<ObjectInfo> {
        let Some(b) = self.buckets.get(bucket) else { return Vec::new() };
        let prefix = prefix.unwrap_or("");
        b.objects
            .range(prefix.to_string()..)
            .take_while(|(k, _)| k.starts_with(prefix))
            .map(|(k, o)| ObjectInfo { key: k.clone(), size: o.data.len() as u64, modified: o.modified })
            .collect()
    }

    pub fn list_buckets(&self) -> Vec<BucketInfo> {
        self.buckets
            .iter()
            .map(|(name, b)| BucketInfo {
                name: name.clone(),
                objects: b.objects.len(),
                bytes: b.objects.values().map(|o| o.data.len() as u64).sum(),
                created: b.created,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn put_get_list_delete_and_serde_round_trip() {
        let mut s = ObjectStore::default();
        s.put("b", "data/a.csv", b"x,y\n1,2\n".to_vec(), 5);
        s.put("b", "data/b.csv", vec![0xff, 0x00, 0x41], 6);
        s.put("b", "other.csv", b"z".to_vec(), 7);
        let keys: Vec<String> = s.list("b", Some("data/")).into_iter().map(|o| o.key).collect();
        assert_eq!(keys, ["data/a.csv", "data/b.csv"]);
        assert_eq!(s.list("b", None).len(), 3);
        assert_eq!(s.list("nope", None).len(), 0);
        let json = serde_json::to_string(&s).unwrap();
        assert!(json.contains("\"x,y\\n1,2\\n\""), "{json}");
        assert!(json.contains("base64"), "{json}");
        let back: ObjectStore = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
        assert!(s.delete("b", "other.csv"));
        assert!(!s.delete("b", "other.csv"));
        assert_eq!(s.list_buckets()[0].objects, 2);
    }

    /// An object's data reads as text or as `{"base64": ...}`; anything else is refused.
    #[test]
    fn object_data_reads_as_text_or_base64() {
        #[derive(Deserialize)]
        struct D(#[serde(deserialize_with = "de_bytes")] Vec<u8>);
        let read = |v: serde_json::Value| serde_json::from_value::<D>(v).map(|d| d.0).map_err(|e| e.to_string());
        assert_eq!(read(serde_json::json!("a,b\n")), Ok(b"a,b\n".to_vec()));
        assert_eq!(read(serde_json::json!({"base64": "/wBB"})), Ok(vec![0xff, 0x00, 0x41]));
        for bad in [serde_json::json!(5), serde_json::json!({"text": "x"}), serde_json::json!({"base64": 5})] {
            assert!(read(bad.clone()).unwrap_err().contains("its text or {\"base64\""), "{bad}");
        }
        assert!(read(serde_json::json!({"base64": "not base64!"})).is_err());
    }
}
