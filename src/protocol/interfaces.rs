//! What the client and the sandbox must agree on for each interface: its documented path and the result
//! codes that mean success, match and no match (SPEC §2.3, §3.5, §4, §5).

/// Mini-program / H5 one-click login tokenValidate.
pub const ONEKEY_TOKEN_VALIDATE_PATH: &str = "/h5/onekeylogin/tokenValidate";
/// Mini-program / H5 number verification.
pub const NUMBER_VERIFY_PATH: &str = "/NumberAbility/h5/verifyVmMobileApi.htm";
/// App one-click login loginTokenValidate.
pub const APP_LOGIN_TOKEN_VALIDATE_PATH: &str = "/unisdk/rsapi/loginTokenValidate";
/// App number verification tokenValidate.
pub const APP_NUMBER_TOKEN_VALIDATE_PATH: &str = "/openapi/rs/tokenValidate";

/// A successful token validation (one-click login, mini-program and App).
pub const SUCCESS_CODE: &str = "103000";
/// Number verification: the number is the device's own (the App interface documents it; the mini-program
/// interface's default, configurable in the client).
pub const MATCH_CODE: &str = "000";
/// Number verification: the number is not the device's own.
pub const NO_MATCH_CODE: &str = "001";
