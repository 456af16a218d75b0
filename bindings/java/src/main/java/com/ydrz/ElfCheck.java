package com.ydrz;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a library file before {@link System#load}: a truncated copy (an interrupted copy) would be mapped and
 * kill the JVM with SIGBUS on first use, and the dynamic loader's message for a library of another CPU is
 * unclear. Stateless and thread-safe.
 */
final class ElfCheck {
    private static final int PT_LOAD = 1;
    /** ELF e_machine of each CPU the library is built for, by os.arch. */
    private static final Map<String, Integer> MACHINES = Map.of("amd64", 62, "x86_64", 62, "aarch64", 183, "arm64", 183);
    private static final Map<Integer, String> MACHINE_NAMES = Map.of(62, "x86_64", 183, "aarch64", 3, "i386", 40, "arm");

    private ElfCheck() {}

    /**
     * Returns null when {@code file} is a 64-bit little-endian ELF file for this JVM's CPU that holds all of its
     * loadable segments; otherwise why not (to follow the file's name in a message).
     */
    static String problem(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer header = read(channel, 0, 64);
            if (header.limit() < 4 || header.getInt(0) != 0x464c457f) {
                return "not a shared library (no ELF header)";
            }
            if (header.limit() < 64 || header.get(4) != 2 || header.get(5) != 1) {
                return "not a 64-bit little-endian ELF file";
            }
            int machine = Short.toUnsignedInt(header.getShort(18));
            String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
            if (MACHINES.getOrDefault(arch, machine) != machine) {
                return "built for " + MACHINE_NAMES.getOrDefault(machine, "ELF machine " + machine)
                        + ", but this JVM runs on " + arch;
            }
            long phoff = header.getLong(32);
            int phentsize = Short.toUnsignedInt(header.getShort(54));
            int phnum = Short.toUnsignedInt(header.getShort(56));
            ByteBuffer table = phoff < 0 || phoff >= size ? ByteBuffer.allocate(0) : read(channel, phoff, phentsize * phnum);
            if (phentsize < 56 || table.limit() < phentsize * phnum) {
                return "truncated (" + size + " bytes): its program headers are cut off";
            }
            for (int i = 0; i < phnum; i++) {
                int entry = i * phentsize;
                long end = table.getLong(entry + 8) + table.getLong(entry + 32);
                if (table.getInt(entry) == PT_LOAD && Long.compareUnsigned(end, size) > 0) {
                    return "truncated: it has " + size + " bytes, but its loadable segments need " + end
                            + " (an interrupted copy?); copy or reinstall the library again";
                }
            }
            return null;
        } catch (IOException e) {
            return "cannot be read (" + e + ")";
        }
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) > 0) {
            // read until full or at the end of the file
        }
        return buffer.flip();
    }
}
