//! A small encoder for PostgreSQL's binary `COPY` format.
//!
//! Why binary and why by hand: the binary format needs no escaping and does not depend on the
//! session's time zone or `DateStyle`, so the bytes sent are exactly the values generated.
//! Diesel's `from_insertable` also speaks binary COPY, but it must first materialise every row
//! as an `Insertable` value list; writing the few types this schema uses straight into one
//! buffer is cheaper, and the buffer can be filled on the generator's thread while the main
//! thread streams the previous one to the server.
//!
//! Layout (PostgreSQL docs, "COPY ... Binary Format"): an 11-byte signature, a 32-bit flags
//! field and a 32-bit header-extension length; then per row a 16-bit field count and per field
//! a 32-bit byte length (-1 for NULL) followed by the value in the type's `send` format; then a
//! 16-bit -1 as trailer. All integers are big-endian.
//!
//! [`CopyEncoder`] is a [`FieldSink`]: which fields a row has, in which order and with which
//! type, is the row's [`Row`] walk in [`crate::rows`]; this module only knows the byte format.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;
use uuid::Uuid;

use crate::rows::{FieldSink, Row};

/// The fixed start of every binary COPY stream: signature, flags (no OIDs), no extension.
pub const HEADER: [u8; 19] = *b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0";

/// Ends the stream: a field count of -1.
pub const TRAILER: [u8; 2] = (-1i16).to_be_bytes();

/// Microseconds between the Unix epoch and PostgreSQL's epoch, 2000-01-01 00:00:00 UTC.
const PG_EPOCH_UNIX_MICROS: i64 = 946_684_800_000_000;

/// OID of `text`, the element type of `text[]`.
const TEXT_OID: i32 = 25;

/// Version byte that prefixes a `jsonb` value in the binary format.
const JSONB_VERSION: u8 = 1;

fn pg_epoch_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// Appends rows in binary COPY format to an in-memory buffer. The buffer holds rows only: the
/// stream's [`HEADER`] and [`TRAILER`] are written around it when it is sent, so buffers of
/// several batches could be sent in one COPY.
#[derive(Debug, Default, Clone)]
pub struct CopyEncoder {
    buf: Vec<u8>,
    rows: u64,
}

impl CopyEncoder {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_capacity(bytes: usize) -> Self {
        Self {
            buf: Vec::with_capacity(bytes),
            rows: 0,
        }
    }

    /// Rows started so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// The encoded rows, without header or trailer.
    pub fn body(&self) -> &[u8] {
        &self.buf
    }

    pub fn into_body(self) -> Vec<u8> {
        self.buf
    }

    /// A complete COPY stream holding the rows encoded so far.
    pub fn to_stream(&self) -> Vec<u8> {
        let mut stream = Vec::with_capacity(HEADER.len() + self.buf.len() + TRAILER.len());
        stream.extend_from_slice(&HEADER);
        stream.extend_from_slice(&self.buf);
        stream.extend_from_slice(&TRAILER);
        stream
    }

    /// Starts a row of `fields` columns; exactly that many field writes must follow.
    pub fn row(&mut self, fields: u16) {
        self.rows += 1;
        self.buf.extend_from_slice(&fields.to_be_bytes());
    }

    /// Starts a row and writes `row`'s fields: the one way the load path encodes a row.
    pub fn push_row<R: Row>(&mut self, row: &R) {
        self.row(R::FIELDS);
        row.write_fields(self);
    }

    fn fixed(&mut self, bytes: &[u8]) {
        // Field lengths are i32 on the wire; fixed-width values are at most 16 bytes.
        self.buf
            .extend_from_slice(&(bytes.len() as i32).to_be_bytes());
        self.buf.extend_from_slice(bytes);
    }

    /// Writes a length placeholder, lets `write` append the value, then patches the length in.
    fn variable(&mut self, write: impl FnOnce(&mut Vec<u8>)) {
        let at = self.buf.len();
        self.buf.extend_from_slice(&[0; 4]);
        write(&mut self.buf);
        let len = i32::try_from(self.buf.len() - at - 4).unwrap_or(i32::MAX);
        self.buf[at..at + 4].copy_from_slice(&len.to_be_bytes());
    }
}

impl FieldSink for CopyEncoder {
    fn null(&mut self) {
        self.buf.extend_from_slice(&(-1i32).to_be_bytes());
    }

    fn uuid(&mut self, value: &Uuid) {
        self.fixed(value.as_bytes());
    }

    /// `text`, and any enum: a Postgres enum travels as its label in the binary format.
    fn text(&mut self, value: &str) {
        self.fixed(value.as_bytes());
    }

    fn int4(&mut self, value: i32) {
        self.fixed(&value.to_be_bytes());
    }

    fn bool(&mut self, value: bool) {
        self.fixed(&[u8::from(value)]);
    }

    /// `timestamptz`: microseconds since 2000-01-01 00:00:00 UTC (sub-microsecond digits are
    /// dropped, as Postgres itself would round them away).
    fn timestamptz(&mut self, value: DateTime<Utc>) {
        let micros = value.timestamp_micros() - PG_EPOCH_UNIX_MICROS;
        self.fixed(&micros.to_be_bytes());
    }

    /// `date`: days since 2000-01-01.
    fn date(&mut self, value: NaiveDate) {
        let days = (value - pg_epoch_date()).num_days() as i32;
        self.fixed(&days.to_be_bytes());
    }

    /// `jsonb`: a version byte, then the JSON text.
    fn jsonb(&mut self, value: &Value) {
        self.variable(|buf| {
            buf.push(JSONB_VERSION);
            // Writing a `Value` into a Vec cannot fail: it has no I/O and no non-string keys.
            let _ = serde_json::to_writer(&mut *buf, value);
        });
    }

    /// `text[]` with one dimension and lower bound 1 (an empty slice is the empty array,
    /// which Postgres sends with zero dimensions).
    fn text_array(&mut self, values: &[String]) {
        self.variable(|buf| {
            let dims: i32 = if values.is_empty() { 0 } else { 1 };
            buf.extend_from_slice(&dims.to_be_bytes());
            buf.extend_from_slice(&0i32.to_be_bytes()); // no NULL elements
            buf.extend_from_slice(&TEXT_OID.to_be_bytes());
            if !values.is_empty() {
                buf.extend_from_slice(&(values.len() as i32).to_be_bytes());
                buf.extend_from_slice(&1i32.to_be_bytes()); // lower bound
            }
            for value in values {
                buf.extend_from_slice(&(value.len() as i32).to_be_bytes());
                buf.extend_from_slice(value.as_bytes());
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use serde_json::json;

    fn field(encode: impl FnOnce(&mut CopyEncoder)) -> Vec<u8> {
        let mut encoder = CopyEncoder::new();
        encode(&mut encoder);
        encoder.into_body()
    }

    #[test]
    fn header_and_trailer_match_the_documented_signature() {
        assert_eq!(&HEADER[..11], b"PGCOPY\n\xff\r\n\0");
        assert_eq!(&HEADER[11..], &[0; 8]);
        assert_eq!(TRAILER, [0xff, 0xff]);
    }

    #[test]
    fn stream_is_header_rows_trailer() {
        let mut encoder = CopyEncoder::new();
        encoder.row(2);
        encoder.int4(7);
        encoder.null();
        let stream = encoder.to_stream();
        let mut expected = HEADER.to_vec();
        expected.extend_from_slice(&[0, 2, 0, 0, 0, 4, 0, 0, 0, 7, 0xff, 0xff, 0xff, 0xff]);
        expected.extend_from_slice(&[0xff, 0xff]);
        assert_eq!(stream, expected);
        assert_eq!(encoder.rows(), 1);
    }

    #[test]
    fn scalars() {
        assert_eq!(field(|e| e.int4(-2)), [0, 0, 0, 4, 0xff, 0xff, 0xff, 0xfe]);
        assert_eq!(field(|e| e.bool(true)), [0, 0, 0, 1, 1]);
        assert_eq!(field(|e| e.bool(false)), [0, 0, 0, 1, 0]);
        assert_eq!(field(|e| e.text("hé")), [0, 0, 0, 3, b'h', 0xc3, 0xa9]);
        assert_eq!(field(|e| e.text("")), [0, 0, 0, 0]);
        assert_eq!(field(|e| e.opt_int4(None)), [0xff, 0xff, 0xff, 0xff]);
        assert_eq!(field(|e| e.opt_text(Some("a"))), [0, 0, 0, 1, b'a']);
    }

    #[test]
    fn uuid_is_its_sixteen_bytes() {
        let id = Uuid::from_u128(0x0102_0304_0506_0708_090a_0b0c_0d0e_0f10);
        let mut expected = vec![0, 0, 0, 16];
        expected.extend(1..=16u8);
        assert_eq!(field(|e| e.uuid(&id)), expected);
    }

    #[test]
    fn timestamps_count_microseconds_from_2000() {
        let epoch = Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(
            field(|e| e.timestamptz(epoch)),
            [0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0]
        );
        let later = epoch + chrono::Duration::microseconds(1);
        assert_eq!(
            field(|e| e.timestamptz(later)),
            [0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 1]
        );
        let before = Utc.with_ymd_and_hms(1999, 12, 31, 23, 59, 59).unwrap();
        let mut expected = vec![0, 0, 0, 8];
        expected.extend_from_slice(&(-1_000_000i64).to_be_bytes());
        assert_eq!(field(|e| e.timestamptz(before)), expected);
        let now = Utc.with_ymd_and_hms(2026, 1, 15, 12, 0, 0).unwrap();
        let mut expected = vec![0, 0, 0, 8];
        expected.extend_from_slice(&(821_793_600_000_000i64).to_be_bytes());
        assert_eq!(field(|e| e.timestamptz(now)), expected);
    }

    #[test]
    fn dates_count_days_from_2000() {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            field(|e| e.date(date(2000, 1, 1))),
            [0, 0, 0, 4, 0, 0, 0, 0]
        );
        assert_eq!(
            field(|e| e.date(date(2000, 1, 2))),
            [0, 0, 0, 4, 0, 0, 0, 1]
        );
        assert_eq!(
            field(|e| e.date(date(1999, 12, 31))),
            [0, 0, 0, 4, 0xff, 0xff, 0xff, 0xff]
        );
        let mut expected = vec![0, 0, 0, 4];
        expected.extend_from_slice(&9511i32.to_be_bytes());
        assert_eq!(field(|e| e.date(date(2026, 1, 15))), expected);
    }

    #[test]
    fn jsonb_is_version_byte_then_text() {
        let mut expected = vec![0, 0, 0, 8, 1];
        expected.extend_from_slice(br#"{"a":1}"#);
        assert_eq!(field(|e| e.jsonb(&json!({"a": 1}))), expected);
    }

    #[test]
    fn text_arrays() {
        let tags = vec!["ab".to_owned(), "c".to_owned()];
        let expected: Vec<u8> = [
            &[0, 0, 0, 31][..],
            &[0, 0, 0, 1],  // dimensions
            &[0, 0, 0, 0],  // has nulls
            &[0, 0, 0, 25], // element oid
            &[0, 0, 0, 2],  // length of dimension 1
            &[0, 0, 0, 1],  // lower bound
            &[0, 0, 0, 2, b'a', b'b'],
            &[0, 0, 0, 1, b'c'],
        ]
        .concat();
        assert_eq!(field(|e| e.text_array(&tags)), expected);
        let empty: Vec<u8> = [
            &[0, 0, 0, 12][..],
            &[0, 0, 0, 0],
            &[0, 0, 0, 0],
            &[0, 0, 0, 25],
        ]
        .concat();
        assert_eq!(field(|e| e.text_array(&[])), empty);
        assert_eq!(field(|e| e.opt_text_array(None)), [0xff, 0xff, 0xff, 0xff]);
    }
}
