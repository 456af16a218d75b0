//! JNI shim of the ydrz Java binding: the `native` methods of `com.ydrz.Native`.
//!
//! Every entry point calls the exported C ABI function of the core crate (`ydrz::ffi::*::ydrz_*`), so status
//! codes, messages and the core's own panic handling are exactly those C users get; `Java_*` symbols live only
//! in this library, never in `libydrz.so`.
//!
//! Contracts shared by every entry point:
//! - Java strings are passed as NUL-terminated UTF-8. A Java `null` becomes a C NULL, so the C ABI answers
//!   YDRZ_E_NULL_ARG for a required argument. A string the C ABI cannot receive gives YDRZ_E_INVALID_UTF8
//!   (an unpaired surrogate) or YDRZ_E_INVALID_ARG (a U+0000 character, which C would silently cut).
//! - A non-OK status throws `com.ydrz.YdrzException(status, statusName, platformCode, message)`; the error
//!   object is always freed with `ydrz_error_free`, and every library string with `ydrz_string_free`.
//! - Each body runs inside `catch_unwind`: a panic in the shim throws a YdrzException with YDRZ_E_PANIC and the
//!   JVM lives. A JNI failure leaves the Java exception that JNI raised (e.g. OutOfMemoryError) pending.
//! - Handles are `jlong` pointers owned by the Java wrappers, which guarantee that a handle is live for the
//!   whole call and freed exactly once (see `NativeHandle.java`).
#![allow(clippy::not_unsafe_ptr_arg_deref)] // handles are validated by the Java owner, as documented above

use std::any::Any;
use std::borrow::Cow;
use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

use jni::objects::{JByteArray, JClass, JObject, JString, JThrowable, JValue};
use jni::sys::{jint, jlong, jobjectArray, jstring};
use jni::JNIEnv;
use zeroize::Zeroize;

use ydrz::ffi::client::{
    ydrz_client, ydrz_client_free, ydrz_client_jssdk_params, ydrz_client_new, ydrz_client_presign_accept,
    ydrz_client_presign_sign, ydrz_client_presign_step, ydrz_client_reconfigure, ydrz_client_stats,
};
use ydrz::ffi::codes::{ydrz_code_describe, ydrz_code_message};
use ydrz::ffi::errors::{
    ydrz_abi_version, ydrz_error, ydrz_error_free, ydrz_error_message, ydrz_error_platform_code, ydrz_error_status,
    ydrz_status_name, ydrz_string_free, ydrz_version,
};
use ydrz::ffi::exchange::{
    ydrz_client_app_login_begin, ydrz_client_app_number_begin, ydrz_client_number_verify_begin,
    ydrz_client_onekey_begin, ydrz_exchange, ydrz_exchange_finish, ydrz_exchange_free, ydrz_exchange_not_sent,
    ydrz_exchange_pending, ydrz_exchange_provide, ydrz_exchange_request, ydrz_exchange_result,
};
use ydrz::ffi::keys::{
    ydrz_decrypt_msisdn, ydrz_encrypt_phone, ydrz_key_generate, ydrz_private_key, ydrz_private_key_free,
    ydrz_private_key_load, ydrz_private_key_public_spki, ydrz_public_key, ydrz_public_key_free, ydrz_public_key_load,
    ydrz_rsa_decrypt, ydrz_rsa_encrypt,
};
use ydrz::ffi::phone::ydrz_mask_phone;
use ydrz::ffi::sign::{
    ydrz_app_login_md5_sign, ydrz_app_number_sign_key_type0, ydrz_jssdk_sign, ydrz_presign_sign, ydrz_rsa_sign,
    ydrz_rsa_verify, ydrz_token_validate_sign,
};
use ydrz::ffi::{YDRZ_ABI_VERSION, YDRZ_E_INVALID_ARG, YDRZ_E_INVALID_UTF8, YDRZ_E_PANIC, YDRZ_OK};

// The Java classes of this binding are written for ABI 1; building the shim against another ABI must fail here.
const _: () = assert!(YDRZ_ABI_VERSION == 1, "the ydrz Java binding implements ABI 1");

const EXCEPTION_CLASS: &str = "com/ydrz/YdrzException";
const EXCEPTION_CTOR: &str = "(ILjava/lang/String;Ljava/lang/String;Ljava/lang/String;)V";

/// Why a call failed; [`throw`] turns it into exactly one pending Java exception.
enum Failure {
    /// A status with its message (from a C ABI error object, or from the shim's own argument conversion).
    Status { status: i32, message: String, platform_code: Option<String> },
    /// A JNI function failed; it normally left a Java exception pending.
    Jni(jni::errors::Error),
}

impl Failure {
    fn status(status: i32, message: String) -> Failure {
        Failure::Status { status, message, platform_code: None }
    }

    fn panic(payload: &(dyn Any + Send)) -> Failure {
        let text = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".to_string());
        Failure::status(YDRZ_E_PANIC, format!("internal error in the ydrz JNI shim (panic: {text}); please report it"))
    }

    /// Reads an error object the C ABI returned with `status`. Does not free it.
    ///
    /// # Safety
    /// `err` is NULL or a live error object.
    unsafe fn from_error(status: i32, err: *const ydrz_error) -> Failure {
        if err.is_null() {
            return Failure::status(status, c_text(ydrz_status_name(status)));
        }
        let platform_code = ydrz_error_platform_code(err);
        Failure::Status {
            status: ydrz_error_status(err),
            message: c_text(ydrz_error_message(err)),
            platform_code: (!platform_code.is_null()).then(|| c_text(platform_code)),
        }
    }
}

impl From<jni::errors::Error> for Failure {
    fn from(e: jni::errors::Error) -> Failure {
        Failure::Jni(e)
    }
}

type Result<T> = std::result::Result<T, Failure>;

/// Copies a static or error-owned C string.
///
/// # Safety
/// `p` points to a NUL-terminated string (the library's strings are UTF-8).
unsafe fn c_text(p: *const c_char) -> String {
    CStr::from_ptr(p).to_string_lossy().into_owned()
}

/// Runs the body of one `Java_*` function: catches panics, throws on failure and then returns `fallback`
/// (which the JVM ignores because an exception is pending).
fn boundary<'l, T>(env: &mut JNIEnv<'l>, fallback: T, body: impl FnOnce(&mut JNIEnv<'l>) -> Result<T>) -> T {
    let failure = match catch_unwind(AssertUnwindSafe(|| body(env))) {
        Ok(Ok(value)) => return value,
        Ok(Err(failure)) => failure,
        Err(payload) => Failure::panic(payload.as_ref()),
    };
    // A panic while throwing must not unwind into the JVM either; the result is ignored because there is
    // nothing left to report it to.
    let _ = catch_unwind(AssertUnwindSafe(|| throw(env, failure)));
    fallback
}

/// Leaves one Java exception pending for `failure`.
fn throw(env: &mut JNIEnv, failure: Failure) {
    if env.exception_check().unwrap_or(true) {
        return; // JNI already raised one (OutOfMemoryError, NoClassDefFoundError ...): keep it.
    }
    let (status, message, platform_code) = match failure {
        Failure::Status { status, message, platform_code } => (status, message, platform_code),
        Failure::Jni(e) => {
            (YDRZ_E_PANIC, format!("internal error in the ydrz JNI shim (JNI: {e}); please report it"), None)
        }
    };
    if throw_ydrz(env, status, &message, platform_code.as_deref()).is_err() && !env.exception_check().unwrap_or(true) {
        // Only reachable if constructing the YdrzException failed without a Java exception.
        let _ = env.throw_new("java/lang/IllegalStateException", message);
    }
}

fn throw_ydrz(env: &mut JNIEnv, status: i32, message: &str, platform_code: Option<&str>) -> jni::errors::Result<()> {
    // SAFETY: ydrz_status_name returns a static string for any number.
    let name = env.new_string(unsafe { c_text(ydrz_status_name(status)) })?;
    let message = env.new_string(message)?;
    let platform_code = match platform_code {
        Some(code) => JObject::from(env.new_string(code)?),
        None => JObject::null(),
    };
    let exception = env.new_object(
        EXCEPTION_CLASS,
        EXCEPTION_CTOR,
        &[JValue::Int(status), JValue::Object(&name), JValue::Object(&platform_code), JValue::Object(&message)],
    )?;
    env.throw(JThrowable::from(exception))
}

/// Calls one fallible C ABI function with a fresh error slot. A non-OK status becomes a [`Failure`] with the
/// error object's status, message and platform code, and the object is freed.
fn check(call: impl FnOnce(*mut *mut ydrz_error) -> i32) -> Result<()> {
    let mut err: *mut ydrz_error = ptr::null_mut();
    let status = call(&mut err);
    if status == YDRZ_OK {
        return Ok(());
    }
    // SAFETY: after a non-OK status `err` is NULL or a new error object owned by us; it is freed once here.
    unsafe {
        let failure = Failure::from_error(status, err);
        ydrz_error_free(err);
        Err(failure)
    }
}

/// A Java string argument converted for one C call: NULL for a Java `null`. The bytes are zeroed on drop,
/// since arguments can be secrets (appkey, keys, tokens).
struct Arg(Option<CString>);

impl Arg {
    fn ptr(&self) -> *const c_char {
        self.0.as_ref().map_or(ptr::null(), |c| c.as_ptr())
    }
}

impl Drop for Arg {
    fn drop(&mut self) {
        if let Some(c) = self.0.take() {
            c.into_bytes().zeroize();
        }
    }
}

/// Converts a Java string (modified UTF-8 inside the JVM) to a C string for the argument called `name`.
fn arg(env: &JNIEnv, value: &JString, name: &str) -> Result<Arg> {
    if value.is_null() {
        return Ok(Arg(None));
    }
    // SAFETY: every `JString` parameter is declared `String` in Native.java, so the JVM passes only strings
    // (get_string would re-check that with a class lookup and two local references per argument).
    let java = unsafe { env.get_string_unchecked(value) }?;
    let text = cesu8::from_java_cesu8(java.to_bytes()).map_err(|_| {
        Failure::status(YDRZ_E_INVALID_UTF8, format!("{name} is not valid Unicode (it has an unpaired surrogate)"))
    })?;
    // Room for the NUL up front, so that no reallocation leaves an unzeroed copy behind.
    let mut bytes = Vec::with_capacity(text.len() + 1);
    bytes.extend_from_slice(text.as_bytes());
    if let Cow::Owned(decoded) = text {
        decoded.into_bytes().zeroize();
    }
    match CString::new(bytes) {
        Ok(c) => Ok(Arg(Some(c))),
        Err(e) => {
            e.into_vec().zeroize();
            Err(Failure::status(YDRZ_E_INVALID_ARG, format!("{name} contains a U+0000 character")))
        }
    }
}

/// A `char **out` slot. Whatever the library stored there is freed (and zeroed) with ydrz_string_free on drop.
struct Out(*mut c_char);

impl Out {
    fn new() -> Out {
        Out(ptr::null_mut())
    }

    fn slot(&mut self) -> *mut *mut c_char {
        &mut self.0
    }

    /// The returned text as a Java string; the library promises one after YDRZ_OK.
    fn to_java<'l>(&self, env: &mut JNIEnv<'l>) -> Result<JString<'l>> {
        if self.0.is_null() {
            return Err(Failure::status(YDRZ_E_PANIC, "the library returned YDRZ_OK without a string".to_string()));
        }
        // SAFETY: a library-allocated NUL-terminated UTF-8 string, live until drop.
        let text = unsafe { CStr::from_ptr(self.0) }.to_string_lossy();
        Ok(env.new_string(text)?)
    }
}

impl Drop for Out {
    fn drop(&mut self) {
        // SAFETY: NULL or a string allocated by the library, freed exactly once.
        unsafe { ydrz_string_free(self.0) };
    }
}

/// Calls `call` with one output string slot and returns the string.
fn string_call(env: &mut JNIEnv, call: impl FnOnce(*mut *mut c_char, *mut *mut ydrz_error) -> i32) -> Result<jstring> {
    let mut out = Out::new();
    check(|err| call(out.slot(), err))?;
    Ok(out.to_java(env)?.into_raw())
}

/// [`string_call`] for a call whose output may be NULL after YDRZ_OK, which is returned as Java `null`.
fn optional_string_call(
    env: &mut JNIEnv,
    call: impl FnOnce(*mut *mut c_char, *mut *mut ydrz_error) -> i32,
) -> Result<jstring> {
    let mut out = Out::new();
    check(|err| call(out.slot(), err))?;
    if out.0.is_null() {
        return Ok(ptr::null_mut());
    }
    Ok(out.to_java(env)?.into_raw())
}

/// Calls `call` with two output string slots and returns them as a Java `String[2]`.
fn string_pair_call(
    env: &mut JNIEnv,
    call: impl FnOnce(*mut *mut c_char, *mut *mut c_char, *mut *mut ydrz_error) -> i32,
) -> Result<jobjectArray> {
    let (mut first, mut second) = (Out::new(), Out::new());
    check(|err| call(first.slot(), second.slot(), err))?;
    let pair = env.new_object_array(2, "java/lang/String", JObject::null())?;
    let first = first.to_java(env)?;
    env.set_object_array_element(&pair, 0, first)?;
    let second = second.to_java(env)?;
    env.set_object_array_element(&pair, 1, second)?;
    Ok(pair.into_raw())
}

fn private_key(handle: jlong) -> *const ydrz_private_key {
    handle as *const ydrz_private_key
}

fn public_key(handle: jlong) -> *const ydrz_public_key {
    handle as *const ydrz_public_key
}

fn client(handle: jlong) -> *const ydrz_client {
    handle as *const ydrz_client
}

fn exchange(handle: jlong) -> *mut ydrz_exchange {
    handle as *mut ydrz_exchange
}

/// Calls a `*_begin` function with an exchange output slot and returns the new handle.
fn begin_call(call: impl FnOnce(*mut *mut ydrz_exchange, *mut *mut ydrz_error) -> i32) -> Result<jlong> {
    let mut exchange: *mut ydrz_exchange = ptr::null_mut();
    check(|err| call(&mut exchange, err))?;
    Ok(exchange as jlong)
}

// ---- version and status names -------------------------------------------------------------------------------

#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_version<'l>(mut env: JNIEnv<'l>, _: JClass<'l>) -> jstring {
    boundary(&mut env, ptr::null_mut(), |env| {
        // SAFETY: a static string.
        Ok(env.new_string(unsafe { c_text(ydrz_version()) })?.into_raw())
    })
}

#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_abiVersion<'l>(mut env: JNIEnv<'l>, _: JClass<'l>) -> jint {
    boundary(&mut env, 0, |_| Ok(ydrz_abi_version() as jint))
}

#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_statusName<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    status: jint,
) -> jstring {
    boundary(&mut env, ptr::null_mut(), |env| {
        // SAFETY: a static string.
        Ok(env.new_string(unsafe { c_text(ydrz_status_name(status)) })?.into_raw())
    })
}

// ---- signs --------------------------------------------------------------------------------------------------

#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "system" fn Java_com_ydrz_Native_jssdkSign<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    app_id: JString<'l>,
    app_key: JString<'l>,
    trace_id: JString<'l>,
    timestamp: JString<'l>,
    version: JString<'l>,
    business_type: JString<'l>,
    encoding: jint,
) -> jstring {
    boundary(&mut env, ptr::null_mut(), |env| {
        let app_id = arg(env, &app_id, "app_id")?;
        let app_key = arg(env, &app_key, "app_key")?;
        let trace_id = arg(env, &trace_id, "trace_id")?;
        let timestamp = arg(env, &timestamp, "timestamp")?;
        let version = arg(env, &version, "version")?;
        let business_type = arg(env, &business_type, "business_type")?;
        string_call(env, |out, err| unsafe {
            ydrz_jssdk_sign(
                app_id.ptr(),
                app_key.ptr(),
                trace_id.ptr(),
                timestamp.ptr(),
                version.ptr(),
                business_type.ptr(),
                encoding,
                out,
                err,
            )
        })
    })
}

#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_rsaSign<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    key: jlong,
    data: JString<'l>,
    algorithm: jint,
    encoding: jint,
) -> jstring {
    boundary(&mut env, ptr::null_mut(), |env| {
        let data = arg(env, &data, "data")?;
        string_call(env, |out, err| unsafe {
            ydrz_rsa_sign(private_key(key), data.ptr(), algorithm, encoding, out, err)
        })
    })
}

#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_rsaVerify<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    key: jlong,
    data: JString<'l>,
    signature: JString<'l>,
    algorithm: jint,
    encoding: jint,
) {
    boundary(&mut env, (), |env| {
        let data = arg(env, &data, "data")?;
        let signature = arg(env, &signature, "signature")?;
        check(|err| unsafe { ydrz_rsa_verify(public_key(key), data.ptr(), signature.ptr(), algorithm, encoding, err) })
    })
}

#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "system" fn Java_com_ydrz_Native_tokenValidateSign<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    key: jlong,
    app_id: JString<'l>,
    trace_id: JString<'l>,
    timestamp: JString<'l>,
    token: JString<'l>,
    version: JString<'l>,
) -> jstring {
    boundary(&mut env, ptr::null_mut(), |env| {
        let app_id = arg(env, &app_id, "app_id")?;
        let trace_id = arg(env, &trace_id, "trace_id")?;
        let timestamp = arg(env, &timestamp, "timestamp")?;
        let token = arg(env, &token, "token")?;
        let version = arg(env, &version, "version")?;
        string_call(env, |out, err| unsafe {
            ydrz_token_validate_sign(
                private_key(key),
                app_id.ptr(),
                trace_id.ptr(),
                timestamp.ptr(),
                token.ptr(),
                version.ptr(),
                out,
                err,
            )
        })
    })
}

#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_presignSign<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    key: jlong,
    presign: JString<'l>,
) -> jstring {
    boundary(&mut env, ptr::null_mut(), |env| {
        let presign = arg(env, &presign, "presign")?;
        string_call(env, |out, err| unsafe { ydrz_presign_sign(private_key(key), presign.ptr(), out, err) })
    })
}

#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "system" fn Java_com_ydrz_Native_appLoginMd5Sign<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    app_id: JString<'l>,
    version: JString<'l>,
    msg_id: JString<'l>,
    system_time: JString<'l>,
    strict_check: JString<'l>,
    token: JString<'l>,
    secret: JString<'l>,
    encoding: jint,
) -> jstring {
    boundary(&mut env, ptr::null_mut(), |env| {
        let app_id = arg(env, &app_id, "app_id")?;
        let version = arg(env, &version, "version")?;
        let msg_id = arg(env, &msg_id, "msg_id")?;
        let system_time = arg(env, &system_time, "system_time")?;
        let strict_check = arg(env, &strict_check, "strict_check")?;
        let token = arg(env, &token, "token")?;
        let secret = arg(env, &secret, "secret")?;
        string_call(env, |out, err| unsafe {
            ydrz_app_login_md5_sign(
                app_id.ptr(),
                version.ptr(),
                msg_id.ptr(),
                system_time.ptr(),
                strict_check.ptr(),
                token.ptr(),
                secret.ptr(),
                encoding,
                out,
                err,
            )
        })
    })
}

/// Returns `String[] {phoneNum, sign}`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "system" fn Java_com_ydrz_Native_appNumberSignKeyType0<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    app_id: JString<'l>,
    app_key: JString<'l>,
    msg_id: JString<'l>,
    phone: JString<'l>,
    timestamp: JString<'l>,
    token: JString<'l>,
    version: JString<'l>,
) -> jobjectArray {
    boundary(&mut env, ptr::null_mut(), |env| {
        let app_id = arg(env, &app_id, "app_id")?;
        let app_key = arg(env, &app_key, "app_key")?;
        let msg_id = arg(env, &msg_id, "msg_id")?;
        let phone = arg(env, &phone, "phone")?;
        let timestamp = arg(env, &timestamp, "timestamp")?;
        let token = arg(env, &token, "token")?;
        let version = arg(env, &version, "version")?;
        string_pair_call(env, |phone_num, sign, err| unsafe {
            ydrz_app_number_sign_key_type0(
                app_id.ptr(),
                app_key.ptr(),
                msg_id.ptr(),
                phone.ptr(),
                timestamp.ptr(),
                token.ptr(),
                version.ptr(),
                phone_num,
                sign,
                err,
            )
        })
    })
}

// ---- keys and encryption ------------------------------------------------------------------------------------

#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_privateKeyLoad<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    text: JString<'l>,
) -> jlong {
    boundary(&mut env, 0, |env| {
        let text = arg(env, &text, "text")?;
        let mut key: *mut ydrz_private_key = ptr::null_mut();
        check(|err| unsafe { ydrz_private_key_load(text.ptr(), &mut key, err) })?;
        Ok(key as jlong)
    })
}

#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_privateKeyFree<'l>(mut env: JNIEnv<'l>, _: JClass<'l>, key: jlong) {
    // SAFETY: the Java owner frees each handle exactly once, after its last use.
    boundary(&mut env, (), |_| {
        unsafe { ydrz_private_key_free(key as *mut ydrz_private_key) };
        Ok(())
    })
}

#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_publicKeyLoad<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    text: JString<'l>,
) -> jlong {
    boundary(&mut env, 0, |env| {
        let text = arg(env, &text, "text")?;
        let mut key: *mut ydrz_public_key = ptr::null_mut();
        check(|err| unsafe { ydrz_public_key_load(text.ptr(), &mut key, err) })?;
        Ok(key as jlong)
    })
}

#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_publicKeyFree<'l>(mut env: JNIEnv<'l>, _: JClass<'l>, key: jlong) {
    // SAFETY: as for privateKeyFree.
    boundary(&mut env, (), |_| {
        unsafe { ydrz_public_key_free(key as *mut ydrz_public_key) };
        Ok(())
    })
}

/// Returns `String[] {privatePkcs8Base64, publicSpkiBase64}`.
#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_keyGenerate<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    bits: jint,
) -> jobjectArray {
    boundary(&mut env, ptr::null_mut(), |env| {
        // A negative Java int wraps to a huge bit count, which the library rejects as out of range.
        string_pair_call(env, |private, public, err| unsafe { ydrz_key_generate(bits as u32, private, public, err) })
    })
}

#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_privateKeyPublicSpki<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    key: jlong,
) -> jstring {
    boundary(&mut env, ptr::null_mut(), |env| {
        string_call(env, |out, err| unsafe { ydrz_private_key_public_spki(private_key(key), out, err) })
    })
}

#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_rsaEncrypt<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    key: jlong,
    plaintext: JString<'l>,
) -> jstring {
    boundary(&mut env, ptr::null_mut(), |env| {
        let plaintext = arg(env, &plaintext, "plaintext")?;
        string_call(env, |out, err| unsafe { ydrz_rsa_encrypt(public_key(key), plaintext.ptr(), out, err) })
    })
}

#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_rsaDecrypt<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    key: jlong,
    ciphertext: JString<'l>,
) -> jstring {
    boundary(&mut env, ptr::null_mut(), |env| {
        let ciphertext = arg(env, &ciphertext, "ciphertext")?;
        string_call(env, |out, err| unsafe { ydrz_rsa_decrypt(private_key(key), ciphertext.ptr(), out, err) })
    })
}

#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_encryptPhone<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    key: jlong,
    phone: JString<'l>,
    app_key: JString<'l>,
    timestamp: JString<'l>,
) -> jstring {
    boundary(&mut env, ptr::null_mut(), |env| {
        let phone = arg(env, &phone, "phone")?;
        let app_key = arg(env, &app_key, "app_key")?;
        let timestamp = arg(env, &timestamp, "timestamp")?;
        string_call(env, |out, err| unsafe {
            ydrz_encrypt_phone(public_key(key), phone.ptr(), app_key.ptr(), timestamp.ptr(), out, err)
        })
    })
}

#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_decryptMsisdn<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    app_key: JString<'l>,
    msisdn: JString<'l>,
) -> jstring {
    boundary(&mut env, ptr::null_mut(), |env| {
        let app_key = arg(env, &app_key, "app_key")?;
        let msisdn = arg(env, &msisdn, "msisdn")?;
        string_call(env, |out, err| unsafe { ydrz_decrypt_msisdn(app_key.ptr(), msisdn.ptr(), out, err) })
    })
}

#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_maskPhone<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    phone: JString<'l>,
) -> jstring {
    boundary(&mut env, ptr::null_mut(), |env| {
        let phone = arg(env, &phone, "phone")?;
        string_call(env, |out, err| unsafe { ydrz_mask_phone(phone.ptr(), out, err) })
    })
}

// ---- return codes -------------------------------------------------------------------------------------------

/// Returns the static message, or `null` when the code is unknown (as the C function does).
#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_codeMessage<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    code: JString<'l>,
    product: JString<'l>,
    stage: JString<'l>,
) -> jstring {
    boundary(&mut env, ptr::null_mut(), |env| {
        let code = arg(env, &code, "code")?;
        let product = arg(env, &product, "product")?;
        let stage = arg(env, &stage, "stage")?;
        let message = unsafe { ydrz_code_message(code.ptr(), product.ptr(), stage.ptr()) };
        if message.is_null() {
            return Ok(ptr::null_mut());
        }
        // SAFETY: a static string.
        Ok(env.new_string(unsafe { c_text(message) })?.into_raw())
    })
}

#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_codeDescribe<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    code: JString<'l>,
    product: JString<'l>,
    stage: JString<'l>,
) -> jstring {
    boundary(&mut env, ptr::null_mut(), |env| {
        let code = arg(env, &code, "code")?;
        let product = arg(env, &product, "product")?;
        let stage = arg(env, &stage, "stage")?;
        string_call(env, |out, err| unsafe { ydrz_code_describe(code.ptr(), product.ptr(), stage.ptr(), out, err) })
    })
}

// ---- the platform client ------------------------------------------------------------------------------------

#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_clientNew<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    config: JString<'l>,
) -> jlong {
    boundary(&mut env, 0, |env| {
        let config = arg(env, &config, "config_json")?;
        let mut client: *mut ydrz_client = ptr::null_mut();
        check(|err| unsafe { ydrz_client_new(config.ptr(), &mut client, err) })?;
        Ok(client as jlong)
    })
}

#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_clientFree<'l>(mut env: JNIEnv<'l>, _: JClass<'l>, handle: jlong) {
    // SAFETY: as for privateKeyFree; the Java owner also ensures no call is running on the client.
    boundary(&mut env, (), |_| {
        unsafe { ydrz_client_free(handle as *mut ydrz_client) };
        Ok(())
    })
}

#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_clientReconfigure<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    handle: jlong,
    config_json: JString<'l>,
) {
    boundary(&mut env, (), |env| {
        let config_json = arg(env, &config_json, "configJson")?;
        check(|err| unsafe { ydrz_client_reconfigure(client(handle), config_json.ptr(), err) })
    })
}

#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_clientStats<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    handle: jlong,
) -> jstring {
    boundary(&mut env, ptr::null_mut(), |env| {
        // A status only: ydrz_client_stats has no error object.
        string_call(env, |out, _| unsafe { ydrz_client_stats(client(handle), out) })
    })
}

#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_clientJssdkParams<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    handle: jlong,
) -> jstring {
    boundary(&mut env, ptr::null_mut(), |env| {
        string_call(env, |out, err| unsafe { ydrz_client_jssdk_params(client(handle), out, err) })
    })
}

#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_clientPresignSign<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    handle: jlong,
    presign: JString<'l>,
) -> jstring {
    boundary(&mut env, ptr::null_mut(), |env| {
        let presign = arg(env, &presign, "presign")?;
        string_call(env, |out, err| unsafe { ydrz_client_presign_sign(client(handle), presign.ptr(), out, err) })
    })
}

/// Returns the preSign's sign step for an external signer: `{"step":"sign","algorithm","input_base64"}`.
#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_clientPresignStep<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    handle: jlong,
    presign: JString<'l>,
) -> jstring {
    boundary(&mut env, ptr::null_mut(), |env| {
        let presign = arg(env, &presign, "presign")?;
        string_call(env, |out, err| unsafe { ydrz_client_presign_step(client(handle), presign.ptr(), out, err) })
    })
}

/// Returns the preSign sign made of the external signer's Base64 signature (verified by the library).
#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_clientPresignAccept<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    handle: jlong,
    presign: JString<'l>,
    signature_base64: JString<'l>,
) -> jstring {
    boundary(&mut env, ptr::null_mut(), |env| {
        let presign = arg(env, &presign, "presign")?;
        let signature = arg(env, &signature_base64, "signature_base64")?;
        string_call(env, |out, err| unsafe {
            ydrz_client_presign_accept(client(handle), presign.ptr(), signature.ptr(), out, err)
        })
    })
}

// ---- bring your own HTTP: exchanges -------------------------------------------------------------------------

/// Returns a new exchange handle, freed with `exchangeFree`.
#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_clientOnekeyBegin<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    handle: jlong,
    token: JString<'l>,
    user_information: JString<'l>,
    expand_params: JString<'l>,
) -> jlong {
    boundary(&mut env, 0, |env| {
        let token = arg(env, &token, "token")?;
        let user_information = arg(env, &user_information, "user_information")?;
        let expand_params = arg(env, &expand_params, "expand_params")?;
        begin_call(|out, err| unsafe {
            ydrz_client_onekey_begin(client(handle), token.ptr(), user_information.ptr(), expand_params.ptr(), out, err)
        })
    })
}

/// Returns a new exchange handle, freed with `exchangeFree`.
#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_clientNumberVerifyBegin<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    handle: jlong,
    token: JString<'l>,
    user_information: JString<'l>,
    phone: JString<'l>,
    expand_params: JString<'l>,
) -> jlong {
    boundary(&mut env, 0, |env| {
        let token = arg(env, &token, "token")?;
        let user_information = arg(env, &user_information, "user_information")?;
        let phone = arg(env, &phone, "phone")?;
        let expand_params = arg(env, &expand_params, "expand_params")?;
        begin_call(|out, err| unsafe {
            ydrz_client_number_verify_begin(
                client(handle),
                token.ptr(),
                user_information.ptr(),
                phone.ptr(),
                expand_params.ptr(),
                out,
                err,
            )
        })
    })
}

/// Returns a new exchange handle, freed with `exchangeFree`.
#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_clientAppLoginBegin<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    handle: jlong,
    token: JString<'l>,
    expand_params: JString<'l>,
) -> jlong {
    boundary(&mut env, 0, |env| {
        let token = arg(env, &token, "token")?;
        let expand_params = arg(env, &expand_params, "expand_params")?;
        begin_call(|out, err| unsafe {
            ydrz_client_app_login_begin(client(handle), token.ptr(), expand_params.ptr(), out, err)
        })
    })
}

/// Returns a new exchange handle, freed with `exchangeFree`.
#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_clientAppNumberBegin<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    handle: jlong,
    token: JString<'l>,
    phone: JString<'l>,
    expand_params: JString<'l>,
) -> jlong {
    boundary(&mut env, 0, |env| {
        let token = arg(env, &token, "token")?;
        let phone = arg(env, &phone, "phone")?;
        let expand_params = arg(env, &expand_params, "expand_params")?;
        begin_call(|out, err| unsafe {
            ydrz_client_app_number_begin(client(handle), token.ptr(), phone.ptr(), expand_params.ptr(), out, err)
        })
    })
}

/// Returns the request JSON.
#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_exchangeRequest<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    handle: jlong,
) -> jstring {
    boundary(&mut env, ptr::null_mut(), |env| {
        string_call(env, |out, err| unsafe { ydrz_exchange_request(exchange(handle), out, err) })
    })
}

/// Returns what the exchange waits for: `{"step":"sign"|"send"|"decrypt"|"done",...}`.
#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_exchangePending<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    handle: jlong,
) -> jstring {
    boundary(&mut env, ptr::null_mut(), |env| {
        string_call(env, |out, err| unsafe { ydrz_exchange_pending(exchange(handle), out, err) })
    })
}

/// Hands over the Base64 signature or plaintext of the pending step (checked by the library).
#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_exchangeProvide<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    handle: jlong,
    output_base64: JString<'l>,
) {
    boundary(&mut env, (), |env| {
        let output = arg(env, &output_base64, "output_base64")?;
        check(|err| unsafe { ydrz_exchange_provide(exchange(handle), output.ptr(), err) })
    })
}

/// Returns the result JSON, or `null` when the answer waits for the host's decryption. `body` is the whole
/// response body; a Java `null` is passed as an empty one.
#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_exchangeFinish<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    handle: jlong,
    http_status: jint,
    body: JByteArray<'l>,
) -> jstring {
    boundary(&mut env, ptr::null_mut(), |env| {
        let bytes = if body.is_null() { Vec::new() } else { env.convert_byte_array(&body)? };
        optional_string_call(env, |out, err| unsafe {
            ydrz_exchange_finish(exchange(handle), http_status, bytes.as_ptr(), bytes.len(), out, err)
        })
    })
}

/// Returns the result JSON of a done exchange.
#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_exchangeResult<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    handle: jlong,
) -> jstring {
    boundary(&mut env, ptr::null_mut(), |env| {
        string_call(env, |out, err| unsafe { ydrz_exchange_result(exchange(handle), out, err) })
    })
}

/// Returns the status of `ydrz_exchange_not_sent` (YDRZ_OK, or YDRZ_E_INVALID_ARG for an ended exchange).
#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_exchangeNotSent<'l>(
    mut env: JNIEnv<'l>,
    _: JClass<'l>,
    handle: jlong,
) -> jint {
    boundary(&mut env, 0, |_| Ok(unsafe { ydrz_exchange_not_sent(exchange(handle)) }))
}

#[no_mangle]
pub extern "system" fn Java_com_ydrz_Native_exchangeFree<'l>(mut env: JNIEnv<'l>, _: JClass<'l>, handle: jlong) {
    // SAFETY: as for privateKeyFree; the Java owner also ensures no call is running on the exchange.
    boundary(&mut env, (), |_| {
        unsafe { ydrz_exchange_free(exchange(handle)) };
        Ok(())
    })
}
