#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ydrz_fuzz::client_url(data));
