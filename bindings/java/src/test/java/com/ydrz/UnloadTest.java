package com.ydrz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM survives an application server's redeploy: the binding's class loader is collected (so the JVM unloads
 * libydrz_jni), then a thread that had signed through it exits. The library is linked NODELETE, so the
 * thread-exit destructor that AWS-LC registered for that thread still finds its code mapped. In a child JVM
 * (UnloadProbe), since a failure kills the JVM.
 */
class UnloadTest {
    @TempDir
    Path tmp;

    @Test
    void aThreadThatSignedExitsAfterTheClassLoaderWasCollected() throws Exception {
        JsonObject vector = Vectors.where(id -> id.startsWith("preSign_MD5withRSA")).get(0);
        Path classes = Paths.get(Ydrz.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path probeClasses = Paths.get(UnloadProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(!classes.equals(probeClasses), "the binding's classes must not be on the probe's class path");
        List<String> command = List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ErrorFile=" + tmp.resolve("hs_err_%p.log"), "-D" + NativeLoader.PROPERTY + "=" + Native.LIBRARY_PATH,
                "-cp", probeClasses.toString(),
                UnloadProbe.class.getName(), classes.toString(),
                Vectors.privateKey(Vectors.field(vector, "key")), Vectors.field(vector, "string_to_sign"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the probe JVM finished");
        assertEquals(0, p.exitValue(), "the JVM died after the thread exited:\n" + output);
        assertEquals("signed " + Vectors.field(vector, "expected_base64") + "\ncollected\nsurvived\n", output);
    }
}
