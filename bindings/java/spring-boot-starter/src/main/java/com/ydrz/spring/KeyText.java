package com.ydrz.spring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a key's text from its {@link YdrzProperties.KeySource}. Messages name the source, never the key. */
final class KeyText {
    private KeyText() {
    }

    /**
     * The key text, or empty when no source is set.
     *
     * @param property the property's name for messages, e.g. {@code ydrz.private-key}
     * @param environment the process environment (passed in so that tests can give their own)
     * @throws IllegalStateException when more than one source is set, the file cannot be read, the environment
     *     variable is unset, or the text is blank
     */
    static Optional<String> read(String property, YdrzProperties.KeySource source, Map<String, String> environment) {
        List<String> set = new ArrayList<>();
        if (present(source.getValue())) {
            set.add(property + ".value");
        }
        if (present(source.getFile())) {
            set.add(property + ".file");
        }
        if (present(source.getEnv())) {
            set.add(property + ".env");
        }
        if (set.isEmpty()) {
            return Optional.empty();
        }
        if (set.size() > 1) {
            throw new IllegalStateException("set only one of " + String.join(", ", set));
        }
        String text;
        String origin;
        if (present(source.getValue())) {
            text = source.getValue();
            origin = property + ".value";
        } else if (present(source.getFile())) {
            origin = property + ".file " + source.getFile();
            try {
                text = Files.readString(Path.of(source.getFile()), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("cannot read " + origin + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
            }
        } else {
            origin = "environment variable " + source.getEnv() + " (" + property + ".env)";
            text = environment.get(source.getEnv());
            if (text == null) {
                throw new IllegalStateException(origin + " is not set");
            }
        }
        if (text.isBlank()) {
            throw new IllegalStateException(origin + " is empty");
        }
        return Optional.of(text.strip());
    }

    private static boolean present(String s) {
        return s != null && !s.isEmpty();
    }
}
