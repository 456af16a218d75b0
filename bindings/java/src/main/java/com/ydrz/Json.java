package com.ydrz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON the library returns (exchange requests and results): objects become {@code Map}s whose values
 * are kept as their raw JSON text, so that a nested object can be handed on unchanged; {@link #value} decodes a
 * string, number, boolean or array of them. Not a general JSON library: input is trusted to be the library's.
 */
final class Json {
    private final String text;
    private int at;

    private Json(String text) {
        this.text = text;
    }

    /** The members of the JSON object {@code text}, each as its raw JSON text, in order. */
    static Map<String, String> members(String text) {
        Json json = new Json(text);
        Map<String, String> members = new LinkedHashMap<>();
        json.expect('{');
        if (!json.consume('}')) {
            do {
                String name = json.string();
                json.expect(':');
                json.peek();
                int start = json.at;
                json.skipValue();
                members.put(name, text.substring(start, json.at));
            } while (json.consume(','));
            json.expect('}');
        }
        return members;
    }

    /** The members of a flat JSON object {@code text}, in order, each value decoded and written as text. */
    static Map<String, String> texts(String text) {
        Map<String, String> texts = new LinkedHashMap<>();
        members(text).forEach((name, value) -> texts.put(name, String.valueOf(value(value))));
        return texts;
    }

    /** Decodes {@code raw}: a String, Long, Double, Boolean, {@code null} or a List of those. */
    static Object value(String raw) {
        Json json = new Json(raw);
        Object value = json.read();
        json.skipSpace();
        if (json.at != raw.length()) {
            throw json.error("trailing text");
        }
        return value;
    }

    private Object read() {
        char c = peek();
        if (c == '"') {
            return string();
        }
        if (c == '[') {
            at++;
            List<Object> items = new ArrayList<>();
            if (!consume(']')) {
                do {
                    items.add(read());
                } while (consume(','));
                expect(']');
            }
            return items;
        }
        int start = at;
        skipValue();
        String word = text.substring(start, at);
        switch (word) {
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            case "null":
                return null;
            default:
                return word.matches("-?\\d+") ? (Object) Long.valueOf(word) : (Object) Double.valueOf(word);
        }
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case 'b': out.append('\b'); break;
                case 'f': out.append('\f'); break;
                case 'n': out.append('\n'); break;
                case 'r': out.append('\r'); break;
                case 't': out.append('\t'); break;
                case 'u':
                    if (at + 4 > text.length()) {
                        throw error("short \\u escape");
                    }
                    out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    at += 4;
                    break;
                default: out.append(e); // " \ /
            }
        }
    }

    /** Moves past one value of any kind. */
    private void skipValue() {
        char c = peek();
        if (c == '"') {
            string();
        } else if (c == '{' || c == '[') {
            char close = c == '{' ? '}' : ']';
            at++;
            if (!consume(close)) {
                do {
                    skipValue();
                    if (c == '{') {
                        expect(':');
                        skipValue();
                    }
                } while (consume(','));
                expect(close);
            }
        } else {
            while (at < text.length() && ",}] \t\r\n".indexOf(text.charAt(at)) < 0) {
                at++;
            }
        }
    }

    private int skipSpace() {
        while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
        return at;
    }

    /** The next character after white space. */
    private char peek() {
        if (skipSpace() >= text.length()) {
            throw error("unexpected end");
        }
        return text.charAt(at);
    }

    private boolean consume(char c) {
        if (skipSpace() < text.length() && text.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!consume(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private char next() {
        if (at >= text.length()) {
            throw error("unexpected end");
        }
        return text.charAt(at++);
    }

    private IllegalStateException error(String what) {
        return new IllegalStateException("malformed JSON from libydrz at offset " + at + ": " + what);
    }
}
