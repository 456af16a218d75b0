package com.ydrz;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The shared test vectors (tests/data/vectors.json, or the file named by the system property
 * {@code ydrz.vectors}).
 */
final class Vectors {
    private static final JsonObject ROOT = read();

    private Vectors() {}

    private static JsonObject read() {
        String configured = System.getProperty("ydrz.vectors", "");
        Path path = configured.isEmpty() ? Paths.get("../../tests/data/vectors.json") : Paths.get(configured);
        try {
            return JsonParser.parseString(Files.readString(path, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the test vectors " + path.toAbsolutePath(), e);
        }
    }

    /** A fixed input, e.g. {@code appId}. */
    static String fixed(String name) {
        return ROOT.getAsJsonObject("fixed_inputs").get(name).getAsString();
    }

    static String privateKey(String name) {
        return ROOT.getAsJsonObject("keys").getAsJsonObject(name).get("private_pkcs8_der_base64").getAsString();
    }

    static String publicKey(String name) {
        return ROOT.getAsJsonObject("keys").getAsJsonObject(name).get("public_x509_spki_der_base64").getAsString();
    }

    /** Every vector. */
    static List<JsonObject> all() {
        List<JsonObject> out = new ArrayList<>();
        JsonArray vectors = ROOT.getAsJsonArray("vectors");
        for (JsonElement v : vectors) {
            out.add(v.getAsJsonObject());
        }
        return out;
    }

    /** The vectors whose id matches. */
    static List<JsonObject> where(Predicate<String> id) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonObject v : all()) {
            if (id.test(v.get("id").getAsString())) {
                out.add(v);
            }
        }
        return out;
    }

    /** A string field of a vector, or of its {@code inputs} object. */
    static String field(JsonObject vector, String name) {
        JsonElement value = vector.has(name) ? vector.get(name) : vector.getAsJsonObject("inputs").get(name);
        if (value == null) {
            throw new IllegalArgumentException(vector.get("id").getAsString() + " has no field " + name);
        }
        return value.getAsString();
    }

    static boolean has(JsonObject vector, String name) {
        return vector.has(name);
    }
}
