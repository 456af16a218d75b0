package com.ydrz;

import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** How the binding calls an {@link ExternalSigner}: its failures as {@link ExternalSignerException}s. */
final class Signing {
    private Signing() {}

    /**
     * The Base64 signature {@code signer} makes for a sign step {@code {"step":"sign","algorithm",
     * "input_base64"}} (of an exchange or of a preSign), through {@link ExternalSigner#signAsync}.
     */
    static CompletableFuture<String> sign(ExternalSigner signer, Map<String, String> step) {
        String algorithm = step.get("algorithm");
        byte[] input = Base64.getDecoder().decode(step.get("input_base64"));
        return call("sign (" + algorithm + ")", () -> signer.signAsync(algorithm, input))
                .thenApply(signature -> Base64.getEncoder().encodeToString(signature));
    }

    /**
     * Runs one call of the signer: whatever it throws, returns {@code null} for or fails its future with becomes
     * an {@link ExternalSignerException} saying what it was asked to do (never the data).
     */
    static CompletableFuture<byte[]> call(String what, Callable<CompletionStage<byte[]>> call) {
        CompletableFuture<byte[]> out = new CompletableFuture<>();
        CompletionStage<byte[]> stage;
        try {
            stage = call.call();
            if (stage == null) {
                throw new NullPointerException("the signer returned no CompletionStage");
            }
        } catch (Exception e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((bytes, failure) -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause == null && bytes == null) {
                cause = new NullPointerException("the signer returned null");
            }
            if (cause == null) {
                out.complete(bytes);
            } else {
                out.completeExceptionally(new ExternalSignerException("the external signer failed to " + what, cause));
            }
        });
        return out;
    }

    /** The value of a completed future, or what it failed with, unwrapped (the blocking calls' exceptions). */
    static <R> R await(CompletableFuture<R> done) {
        try {
            return done.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw e;
        }
    }

    /**
     * {@code signer} with asynchronous calls that are its blocking ones on the calling thread, whatever it
     * overrides: what the blocking calls ({@link Exchange#signWith}, {@link Exchange#finish(int, byte[],
     * ExternalSigner)}, {@link Client#presignSign}) use, so that {@link #await} never waits.
     */
    static ExternalSigner blocking(ExternalSigner signer) {
        if (signer == null) {
            throw new NullPointerException("signer");
        }
        return new ExternalSigner() {
            @Override
            public byte[] sign(String algorithm, byte[] data) throws GeneralSecurityException {
                return signer.sign(algorithm, data);
            }

            @Override
            public byte[] decrypt(String algorithm, byte[] block) throws GeneralSecurityException {
                return signer.decrypt(algorithm, block);
            }
        };
    }
}
