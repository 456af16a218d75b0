package com.ydrz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * examples/KmsSigner.java as a reader runs it: compiled and run by the Java source launcher in a child JVM (so
 * it cannot rot), against the sandbox it starts, with its stand-in KMS.
 */
class KmsSignerExampleTest {
    private static final Path EXAMPLE = Paths.get("../../examples/KmsSigner.java").toAbsolutePath().normalize();

    private static String codeLocation(Class<?> c) throws Exception {
        return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    @Test
    void theExampleValidatesWithItsKmsSigner() throws Exception {
        List<String> command = List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", codeLocation(Client.class) + File.pathSeparator + codeLocation(Gson.class),
                "-Dydrz.native.path=" + System.getProperty("ydrz.native.path"), EXAMPLE.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("YDRZ_BIN", Paths.get(System.getProperty("ydrz.bin")).toAbsolutePath().toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the example finished");
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("one-click login, signed by the KMS: Validation{phone=138****8000}"), output);
        assertTrue(output.contains("the same, async: Validation{phone=138****8000}"), output);
    }
}
