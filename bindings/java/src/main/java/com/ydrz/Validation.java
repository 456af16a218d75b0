package com.ydrz;

/**
 * The result of a one-click login ({@link Client#onekeyValidate}, {@link Client#appLoginValidate}): the
 * user's phone number and the platform's answer. {@link #toString()} masks the phone number.
 */
public final class Validation {
    private final String phone;
    private final String detailsJson;

    Validation(String phone, String detailsJson) {
        this.phone = phone;
        this.detailsJson = detailsJson;
    }

    /** The 11-digit phone number. Personal data: do not log it in full. */
    public String phone() {
        return phone;
    }

    /**
     * The details as JSON: {@code {"resultCode","desc","securityPhone","traceId","http_status","response"}}
     * (the fields the interface returns).
     */
    public String detailsJson() {
        return detailsJson;
    }

    @Override
    public String toString() {
        String masked = phone.length() == 11 ? phone.substring(0, 3) + "****" + phone.substring(7) : "****";
        return "Validation{phone=" + masked + "}";
    }
}
