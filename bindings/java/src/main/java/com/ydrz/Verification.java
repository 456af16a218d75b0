package com.ydrz;

/**
 * The result of a number verification ({@link Client#numberVerify}, {@link Client#appNumberVerify}): whether
 * the typed number is the device's own, and the platform's answer.
 */
public final class Verification {
    private final boolean matched;
    private final String detailsJson;

    Verification(boolean matched, String detailsJson) {
        this.matched = matched;
        this.detailsJson = detailsJson;
    }

    /** {@code true} when the platform says the number is the device's own, {@code false} when it says not. */
    public boolean matched() {
        return matched;
    }

    /** The details as JSON (result code, description, HTTP status and the raw response). */
    public String detailsJson() {
        return detailsJson;
    }

    @Override
    public String toString() {
        return "Verification{matched=" + matched + "}";
    }
}
