package com.ydrz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link Native}'s methods, the JNI entry points of bindings/java/native and the Java status and constant tables
 * match the ABI manifest include/ydrz.abi.json (generated with the header from src/ffi): a C function or status
 * added to the library fails here until Java has it.
 */
class DeclarationsTest {
    private static final Path REPO = Paths.get("../..");

    /**
     * C functions the JNI shim calls itself instead of exposing them: it reads and frees the error object to
     * throw a {@link YdrzException}, and frees every string it copies into a Java one.
     */
    private static final Set<String> USED_INSIDE_THE_SHIM = Set.of("ydrz_error_status", "ydrz_error_message",
            "ydrz_error_platform_code", "ydrz_error_free", "ydrz_string_free");

    private static JsonObject manifest() throws IOException {
        return JsonParser.parseString(Files.readString(REPO.resolve("include/ydrz.abi.json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
    }

    private static String shimSource() throws IOException {
        return Files.readString(REPO.resolve("bindings/java/native/src/lib.rs"), StandardCharsets.UTF_8);
    }

    /** ydrz_client_onekey_validate -> clientOnekeyValidate. */
    static String javaName(String cName) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : cName.substring("ydrz_".length()).toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    /** The Java type a C parameter (or return) type is passed as. */
    private static String javaType(String cType) {
        if (cType.equals("const char *") || cType.equals("char *")) {
            return "String";
        }
        if (cType.matches("(const )?ydrz_\\w+ \\*")) {
            return "long";
        }
        if (cType.equals("int32_t") || cType.equals("uint32_t")) {
            return "int";
        }
        if (cType.equals("const uint8_t *")) {
            return "byte[]";
        }
        if (cType.equals("void")) {
            return "void";
        }
        throw new AssertionError("no Java mapping for the C type " + cType);
    }

    /** The Java signature "String clientOnekeyValidate(long, String, String, String, String[])" of a C function. */
    private static String expectedSignature(JsonObject function) {
        List<String> params = new ArrayList<>();
        List<String> requiredOutputs = new ArrayList<>();
        String previous = "";
        for (JsonElement element : function.getAsJsonArray("params")) {
            JsonObject p = element.getAsJsonObject();
            String cType = p.get("c_type").getAsString();
            boolean lengthOfBytes = cType.equals("size_t") && previous.equals("const uint8_t *");
            previous = cType;
            if (p.get("name").getAsString().equals("err") && cType.equals("ydrz_error **") || lengthOfBytes) {
                continue; // the error becomes an exception; a byte buffer and its length are one byte[]
            }
            if (p.get("direction").getAsString().equals("in")) {
                params.add(javaType(cType));
            } else if (p.get("nullable").getAsBoolean()) {
                params.add("String[]"); // an optional output: a String[1] to fill, or null
            } else {
                requiredOutputs.add(cType);
            }
        }
        String returns;
        if (requiredOutputs.isEmpty()) {
            String cReturn = function.getAsJsonObject("returns").get("c_type").getAsString();
            returns = function.getAsJsonObject("returns").get("status").getAsBoolean() ? "void" : javaType(cReturn);
        } else if (requiredOutputs.size() > 1) {
            assertTrue(requiredOutputs.stream().allMatch("char **"::equals), requiredOutputs.toString());
            returns = "String[]";
        } else {
            String out = requiredOutputs.get(0);
            returns = out.equals("char **") ? "String" : out.equals("int32_t *") ? "int" : "long";
        }
        return returns + " " + javaName(function.get("name").getAsString()) + "(" + String.join(", ", params) + ")";
    }

    private static String signature(Method m) {
        List<String> params = new ArrayList<>();
        for (Class<?> type : m.getParameterTypes()) {
            params.add(type.getSimpleName());
        }
        return m.getReturnType().getSimpleName() + " " + m.getName() + "(" + String.join(", ", params) + ")";
    }

    @Test
    void everyManifestFunctionIsANativeMethodWithItsTypesAndNothingElse() throws IOException {
        Map<String, String> expected = new TreeMap<>();
        for (JsonElement f : manifest().getAsJsonArray("functions")) {
            String name = f.getAsJsonObject().get("name").getAsString();
            if (!USED_INSIDE_THE_SHIM.contains(name)) {
                expected.put(javaName(name), expectedSignature(f.getAsJsonObject()));
            }
        }
        Map<String, String> declared = new TreeMap<>();
        for (Method m : Native.class.getDeclaredMethods()) {
            if (Modifier.isNative(m.getModifiers())) {
                declared.put(m.getName(), signature(m));
            }
        }
        assertFalse(expected.isEmpty());
        assertEquals(expected, declared);
    }

    @Test
    void everyNativeMethodHasAJniEntryPointCallingItsCFunction() throws IOException {
        String shim = shimSource();
        for (JsonElement f : manifest().getAsJsonArray("functions")) {
            String name = f.getAsJsonObject().get("name").getAsString();
            assertTrue(shim.contains(name + "("), "the JNI shim never calls " + name);
            if (!USED_INSIDE_THE_SHIM.contains(name)) {
                assertTrue(shim.contains("fn Java_com_ydrz_Native_" + javaName(name) + "<"),
                        "no JNI entry point for Native." + javaName(name));
            }
        }
    }

    private static Map<String, Integer> constants(String group, String prefix) throws IOException {
        Map<String, Integer> found = new TreeMap<>();
        for (JsonElement c : manifest().getAsJsonArray(group)) {
            String name = c.getAsJsonObject().get("name").getAsString();
            if (name.startsWith(prefix)) {
                found.put(name.substring(prefix.length()), c.getAsJsonObject().get("value").getAsInt());
            }
        }
        assertFalse(found.isEmpty(), prefix);
        return found;
    }

    @Test
    void theStatusTableIsTheManifests() throws IOException {
        Map<String, Integer> manifest = new TreeMap<>();
        for (Map.Entry<String, Integer> e : constants("statuses", "YDRZ_").entrySet()) {
            manifest.put(e.getKey().replaceFirst("^E_", ""), e.getValue());
        }
        Map<String, Integer> java = new TreeMap<>();
        for (Status s : Status.values()) {
            if (s != Status.UNKNOWN) {
                java.put(s.name(), s.code());
            }
        }
        assertEquals(manifest, java);
    }

    @Test
    void theEncodingAndAlgorithmNumbersAreTheManifests() throws IOException {
        Map<String, Integer> encodings = new TreeMap<>();
        for (Encoding e : Encoding.values()) {
            encodings.put(e.name(), e.code());
        }
        assertEquals(constants("constants", "YDRZ_ENCODING_"), encodings);
        Set<String> algorithms = new TreeSet<>();
        for (SignAlgorithm a : SignAlgorithm.values()) {
            algorithms.add(a.name().replace("_WITH_", "_") + "=" + a.code());
        }
        Set<String> fromManifest = new TreeSet<>();
        constants("constants", "YDRZ_SIGN_").forEach((k, v) -> fromManifest.add(k + "=" + v));
        assertEquals(fromManifest, algorithms);
        assertEquals(constants("constants", "YDRZ_ABI_").get("VERSION"), NativeLoader.ABI_VERSION);
    }

    @Test
    void javaNamesFollowTheCNames() {
        assertEquals("clientOnekeyValidate", javaName("ydrz_client_onekey_validate"));
        assertEquals("appNumberSignKeyType0", javaName("ydrz_app_number_sign_key_type0"));
    }
}
