//! Sign generation.

use std::ffi::c_char;

use super::{arg, c_string, call, handle, numbers, opt_arg, Out};
use crate::codec::Encoding;
use crate::ffi::errors::ydrz_error;
use crate::ffi::keys::{ydrz_private_key, ydrz_public_key};
use crate::protocol::app_signs::{app_login_md5_sign, app_number_key_type0};
use crate::protocol::interfaces::ONEKEY_LOGIN;
use crate::protocol::strings::{
    jssdk_sign_string, token_validate_string, AppLoginMd5Input, JssdkSignInput, JSSDK_DEFAULT_BUSINESS_TYPE,
    JSSDK_DEFAULT_VERSION,
};
use crate::signature::{md5_digest, SignAlgorithm};

/// The jssdk sign for one-click login (YDRZ.getTokenInfo):
/// MD5(appId + businessType + msgId + timestamp + traceId + version + appkey) with msgId = traceId.
///
/// `version` (nullable) defaults to "2.0", `business_type` (nullable) to "8". `timestamp` must be 17 digits.
/// `encoding` is YDRZ_ENCODING_HEX_UPPER (the platform's default) or YDRZ_ENCODING_HEX_LOWER.
/// YDRZ_ENCODING_BASE64 or an unknown encoding, a malformed timestamp, or an empty or too long argument give
/// YDRZ_E_INVALID_ARG. On success `*out` is 32 hex characters, freed with ydrz_string_free. Thread-safe.
///
/// # Safety
/// `app_id` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `app_key` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `trace_id` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `timestamp` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `version` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `business_type` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `out` is NULL or points to writable storage for one pointer.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_jssdk_sign(
    app_id: *const c_char,
    app_key: *const c_char,
    trace_id: *const c_char,
    timestamp: *const c_char,
    version: *const c_char,
    business_type: *const c_char,
    encoding: i32,
    out: *mut *mut c_char,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            let out = Out::new(out, "out")?;
            let input = JssdkSignInput {
                app_id: arg(app_id, "app_id")?,
                trace_id: arg(trace_id, "trace_id")?,
                timestamp: arg(timestamp, "timestamp")?,
                version: opt_arg(version, "version")?.unwrap_or(JSSDK_DEFAULT_VERSION),
                business_type: opt_arg(business_type, "business_type")?.unwrap_or(JSSDK_DEFAULT_BUSINESS_TYPE),
            };
            let app_key = arg(app_key, "app_key")?;
            let encoding = numbers::encoding(encoding)?.require_hex("the jssdk MD5 sign")?;
            let text = jssdk_sign_string(&input, app_key)?;
            out.put_text(&encoding.encode(&md5_digest(text.as_bytes())), "sign")
        })
    }
}

/// RSASSA-PKCS1-v1_5 signature of the UTF-8 bytes of `data` (may be empty) with `algorithm`
/// (YDRZ_SIGN_SHA256_RSA / YDRZ_SIGN_MD5_RSA), written in `encoding` (YDRZ_ENCODING_*).
/// `*out` is freed with ydrz_string_free. Thread-safe; `key` may be shared.
///
/// # Safety
/// `key` is NULL or a live handle from this library that is not freed during the call.
/// `data` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `out` is NULL or points to writable storage for one pointer.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_rsa_sign(
    key: *const ydrz_private_key,
    data: *const c_char,
    algorithm: i32,
    encoding: i32,
    out: *mut *mut c_char,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            let out = Out::new(out, "out")?;
            let key = handle(key, "key")?;
            let data = arg(data, "data")?;
            let algorithm = numbers::sign_algorithm(algorithm)?;
            let encoding = numbers::encoding(encoding)?;
            out.put_text(&key.inner.sign_encoded(data.as_bytes(), algorithm, encoding)?, "signature")
        })
    }
}

/// Verifies a signature of the UTF-8 bytes of `data`. Returns YDRZ_OK when it verifies and
/// YDRZ_E_SIGNATURE when it does not (including signature text that does not decode in `encoding`; hex is
/// accepted in either case). Thread-safe; `key` may be shared.
///
/// # Safety
/// `key` is NULL or a live handle from this library that is not freed during the call.
/// `data` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `signature` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_rsa_verify(
    key: *const ydrz_public_key,
    data: *const c_char,
    signature: *const c_char,
    algorithm: i32,
    encoding: i32,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            let key = handle(key, "key")?;
            let data = arg(data, "data")?;
            let signature = arg(signature, "signature")?;
            let algorithm = numbers::sign_algorithm(algorithm)?;
            let encoding = numbers::encoding(encoding)?;
            key.inner.verify_encoded(data.as_bytes(), signature, algorithm, encoding)
        })
    }
}

/// The one-click login tokenValidate sign: SHA256withRSA(appId + traceId + timestamp + token + version),
/// upper-case hex. `version` must equal the interfaceVersion header sent; it is nullable, and NULL is the
/// library's default ("2.0", what the client sends). The other arguments are required; `timestamp` must be
/// 17 digits, and an empty or too long argument gives
/// YDRZ_E_INVALID_ARG. `*out` is freed with ydrz_string_free. Thread-safe.
///
/// # Safety
/// `key` is NULL or a live handle from this library that is not freed during the call.
/// `app_id` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `trace_id` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `timestamp` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `token` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `version` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `out` is NULL or points to writable storage for one pointer.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_token_validate_sign(
    key: *const ydrz_private_key,
    app_id: *const c_char,
    trace_id: *const c_char,
    timestamp: *const c_char,
    token: *const c_char,
    version: *const c_char,
    out: *mut *mut c_char,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            let out = Out::new(out, "out")?;
            let key = handle(key, "key")?;
            let text = token_validate_string(
                arg(app_id, "app_id")?,
                arg(trace_id, "trace_id")?,
                arg(timestamp, "timestamp")?,
                arg(token, "token")?,
                opt_arg(version, "version")?.unwrap_or(ONEKEY_LOGIN.default_version()),
            )?;
            let sign = key.inner.sign_encoded(text.as_bytes(), SignAlgorithm::Sha256WithRsa, Encoding::HexUpper)?;
            out.put_text(&sign, "sign")
        })
    }
}

/// The number-verification preSign signature: the jssdk preSign signed verbatim with MD5withRSA, Base64
/// (RsaUtils.sign). An empty or too long `presign` gives YDRZ_E_INVALID_ARG. `*out` is freed with
/// ydrz_string_free. Thread-safe.
///
/// # Safety
/// `key` is NULL or a live handle from this library that is not freed during the call.
/// `presign` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `out` is NULL or points to writable storage for one pointer.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_presign_sign(
    key: *const ydrz_private_key,
    presign: *const c_char,
    out: *mut *mut c_char,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            let out = Out::new(out, "out")?;
            let key = handle(key, "key")?;
            let presign = crate::protocol::fields::required("presign", arg(presign, "presign")?)?;
            let sign = key.inner.sign_encoded(presign.as_bytes(), SignAlgorithm::Md5WithRsa, Encoding::Base64)?;
            out.put_text(&sign, "sign")
        })
    }
}

/// The App one-click login (loginTokenValidate, MD5 mode) sign:
/// MD5(appid + version + msgid + systemtime + strictcheck + token + secret), where `secret` is the APPSecret
/// (the appkey for apps created before 2018-12-26). `system_time` must be 17 digits. `encoding` is
/// YDRZ_ENCODING_HEX_UPPER (what the platform documents) or YDRZ_ENCODING_HEX_LOWER; Base64, a malformed
/// system_time or an empty or too long argument give YDRZ_E_INVALID_ARG. `*out` is freed with
/// ydrz_string_free. Thread-safe.
///
/// # Safety
/// `app_id` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `version` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `msg_id` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `system_time` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `strict_check` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `token` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `secret` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `out` is NULL or points to writable storage for one pointer.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_app_login_md5_sign(
    app_id: *const c_char,
    version: *const c_char,
    msg_id: *const c_char,
    system_time: *const c_char,
    strict_check: *const c_char,
    token: *const c_char,
    secret: *const c_char,
    encoding: i32,
    out: *mut *mut c_char,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            let out = Out::new(out, "out")?;
            let input = AppLoginMd5Input {
                app_id: arg(app_id, "app_id")?,
                version: arg(version, "version")?,
                msg_id: arg(msg_id, "msg_id")?,
                system_time: arg(system_time, "system_time")?,
                strict_check: arg(strict_check, "strict_check")?,
                token: arg(token, "token")?,
            };
            let sign = app_login_md5_sign(&input, arg(secret, "secret")?, numbers::encoding(encoding)?)?;
            out.put_text(&sign, "sign")
        })
    }
}

/// The App number verification (/openapi/rs/tokenValidate) keyType 0 fields, both upper-case hex:
/// `*out_phone_num` = SHA256(phone + app_key + timestamp) and
/// `*out_sign` = HMAC-SHA256(key = app_key, app_id + msg_id + phoneNum + timestamp + token + version).
/// `phone` must be 11 digits, `timestamp` 17. Both outputs are freed with ydrz_string_free. Thread-safe.
///
/// # Safety
/// `app_id` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `app_key` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `msg_id` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `phone` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `timestamp` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `token` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `version` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `out_phone_num` is NULL or points to writable storage for one pointer.
/// `out_sign` is NULL or points to writable storage for one pointer.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_app_number_sign_key_type0(
    app_id: *const c_char,
    app_key: *const c_char,
    msg_id: *const c_char,
    phone: *const c_char,
    timestamp: *const c_char,
    token: *const c_char,
    version: *const c_char,
    out_phone_num: *mut *mut c_char,
    out_sign: *mut *mut c_char,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            // Both slots are reset before either is checked, so a NULL first slot still resets the second.
            let slots = (Out::new(out_phone_num, "out_phone_num"), Out::new(out_sign, "out_sign"));
            let (out_phone_num, out_sign) = (slots.0?, slots.1?);
            let signed = app_number_key_type0(
                arg(app_id, "app_id")?,
                arg(app_key, "app_key")?,
                arg(msg_id, "msg_id")?,
                arg(phone, "phone")?,
                arg(timestamp, "timestamp")?,
                arg(token, "token")?,
                arg(version, "version")?,
            )?;
            let (phone_num, sign) = (c_string(&signed.phone_num, "phoneNum")?, c_string(&signed.sign, "sign")?);
            out_phone_num.put_string(phone_num);
            out_sign.put_string(sign);
            Ok(())
        })
    }
}
