//! The cost of one key-file signature: the private-key operation (a 528-bit
//! modular exponentiation, constant time) with the real WinPro test key, the
//! service's check of it, and making a new key as the mock does per issued file.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use keeper_recovery::domain::{SecretText, Wmid};
use keeper_recovery::keyfile;

const REAL: &[u8] = include_bytes!("../tests/data/wmsigner-test.kwm");

fn signing(c: &mut Criterion) {
    let wmid: Wmid = "405002833238".parse().expect("wmid");
    let key = keyfile::open(REAL, &wmid, &SecretText::new("FvGqPdAy8reVWw789"))
        .expect("the real key file opens");
    let random = [0x5a; keyfile::RANDOM_LEN];
    c.bench_function("keyfile/sign", |b| {
        b.iter(|| keyfile::sign(black_box(&key), black_box(b"TEST"), &random))
    });

    let (key, public) = keyfile::generate();
    let challenge = b"Keeper Recovery key-file proof for WMID 405002833238";
    let signature = keyfile::sign(&key, challenge, &random).expect("signs");
    c.bench_function("keyfile/verify", |b| {
        b.iter(|| keyfile::verify(black_box(&public), challenge, black_box(&signature)))
    });
    c.bench_function("keyfile/generate", |b| b.iter(keyfile::generate));
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    targets = signing
}
criterion_main!(benches);
