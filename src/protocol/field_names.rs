//! The name of every request field, written once: the client builds its requests, the sandbox reads them,
//! `ydrz doctor` explains them and the tests shape them with these constants (docs/protocol.md, the section of
//! each interface).

/// (A) Mini-program one-click login: five HTTP headers and a flat JSON body.
#[derive(Debug)]
pub struct OnekeyLoginFields {
    /// HTTP header: the interface version, also inside the string to sign.
    pub interface_version: &'static str,
    /// HTTP header.
    pub app_id: &'static str,
    /// HTTP header.
    pub trace_id: &'static str,
    /// HTTP header.
    pub timestamp: &'static str,
    /// HTTP header.
    pub business_type: &'static str,
    /// Body.
    pub token: &'static str,
    /// Body.
    pub sign: &'static str,
    /// Body.
    pub user_information: &'static str,
    /// Body, optional.
    pub expand_params: &'static str,
}

pub const ONEKEY_LOGIN_FIELDS: OnekeyLoginFields = OnekeyLoginFields {
    interface_version: "interfaceVersion",
    app_id: "appId",
    trace_id: "traceId",
    timestamp: "timestamp",
    business_type: "businessType",
    token: "token",
    sign: "sign",
    user_information: "userInformation",
    expand_params: "expandParams",
};

/// The `{"header": {...}, "body": {...}}` envelope of both number-verification interfaces, (B) and (D), and
/// the fields they share.
#[derive(Debug)]
pub struct NumberFields {
    /// The envelope's header object.
    pub header: &'static str,
    /// The envelope's body object.
    pub body: &'static str,
    /// Header.
    pub version: &'static str,
    /// Header.
    pub msg_id: &'static str,
    /// Header.
    pub app_id: &'static str,
    /// Header.
    pub timestamp: &'static str,
    /// Body, optional.
    pub expand_params: &'static str,
    /// Body: the encrypted (or hashed) typed number.
    pub phone_num: &'static str,
    /// Body.
    pub token: &'static str,
    /// Body.
    pub sign: &'static str,
}

pub const NUMBER_FIELDS: NumberFields = NumberFields {
    header: "header",
    body: "body",
    version: "version",
    msg_id: "msgId",
    app_id: "appId",
    timestamp: "timestamp",
    expand_params: "expandParams",
    phone_num: "phoneNum",
    token: "token",
    sign: "sign",
};

/// (B) Mini-program number verification: the shared envelope plus `userInformation`.
#[derive(Debug)]
pub struct NumberVerifyFields {
    pub common: NumberFields,
    /// Body.
    pub user_information: &'static str,
}

pub const NUMBER_VERIFY_FIELDS: NumberVerifyFields =
    NumberVerifyFields { common: NUMBER_FIELDS, user_information: "userInformation" };

/// (C) App one-click login: one flat JSON object.
#[derive(Debug)]
pub struct AppLoginFields {
    pub version: &'static str,
    pub msg_id: &'static str,
    pub system_time: &'static str,
    pub strict_check: &'static str,
    pub app_id: &'static str,
    pub token: &'static str,
    pub sign: &'static str,
    /// `"RSA"` in RSA mode, empty in MD5 mode.
    pub encryption_algorithm: &'static str,
    /// Optional.
    pub expand_params: &'static str,
}

pub const APP_LOGIN_FIELDS: AppLoginFields = AppLoginFields {
    version: "version",
    msg_id: "msgid",
    system_time: "systemtime",
    strict_check: "strictcheck",
    app_id: "appid",
    token: "token",
    sign: "sign",
    encryption_algorithm: "encryptionalgorithm",
    expand_params: "expandparams",
};

/// (D) App number verification: the shared envelope plus the requester and key fields of the body.
#[derive(Debug)]
pub struct AppNumberFields {
    pub common: NumberFields,
    /// Body: required when `requesterType` is 0.
    pub open_type: &'static str,
    /// Body.
    pub requester_type: &'static str,
    /// Body, sent empty.
    pub message: &'static str,
    /// Body: 0 (SHA-256 + HMAC) or 1 (RSA).
    pub key_type: &'static str,
}

pub const APP_NUMBER_FIELDS: AppNumberFields = AppNumberFields {
    common: NUMBER_FIELDS,
    open_type: "openType",
    requester_type: "requesterType",
    message: "message",
    key_type: "keyType",
};

/// The jssdk `YDRZ.getTokenInfo` configuration object signed with the appkey (docs/protocol.md#jssdk-sign).
#[derive(Debug)]
pub struct JssdkFields {
    pub app_id: &'static str,
    pub trace_id: &'static str,
    pub msg_id: &'static str,
    pub timestamp: &'static str,
    pub version: &'static str,
    pub business_type: &'static str,
    pub sign: &'static str,
}

pub const JSSDK_FIELDS: JssdkFields = JssdkFields {
    app_id: "appId",
    trace_id: "traceId",
    msg_id: "msgId",
    timestamp: "timestamp",
    version: "version",
    business_type: "businessType",
    sign: "sign",
};

/// The fields of the platform's answers that the client reads and the sandbox writes, beside the request
/// fields an answer echoes (the number-verification envelope, App login's `systemtime`).
#[derive(Debug)]
pub struct AnswerFields {
    /// The result code; the client also accepts `resultcode`.
    pub result_code: &'static str,
    /// One-click login's description.
    pub desc: &'static str,
    /// Number verification's description.
    pub result_desc: &'static str,
    /// A description some answers carry instead.
    pub message: &'static str,
    /// The phone number, encrypted or plain depending on the interface.
    pub msisdn: &'static str,
    /// One-click login: the masked number.
    pub security_phone: &'static str,
    /// One-click login: the object holding the success fields (when nested).
    pub data: &'static str,
    /// One-click login: the server's time.
    pub service_time: &'static str,
    /// App interfaces: the platform's task id.
    pub task_id: &'static str,
    /// App login: the request's msgid, echoed.
    pub in_response_to: &'static str,
}

/// The sandbox's own answer field (never the platform's): when the token was issued, in Unix milliseconds. The
/// client reads it for `token_age_ms`; the platform's answers do not carry it, and its name is nothing the
/// platform could send with another meaning.
pub const SANDBOX_TOKEN_ISSUED_MS: &str = "ydrzSandboxTokenIssuedMs";

pub const ANSWER_FIELDS: AnswerFields = AnswerFields {
    result_code: "resultCode",
    desc: "desc",
    result_desc: "resultDesc",
    message: "message",
    msisdn: "msisdn",
    security_phone: "securityPhone",
    data: "data",
    service_time: "serviceTime",
    task_id: "taskId",
    in_response_to: "inresponseto",
};
