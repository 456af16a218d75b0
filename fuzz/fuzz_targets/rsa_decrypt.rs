#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ydrz_fuzz::rsa_decrypt(data));
