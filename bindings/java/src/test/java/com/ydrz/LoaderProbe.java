package com.ydrz;

/** Run in a child JVM by LoaderTest: prints where the library was loaded from, or the loading error. */
public final class LoaderProbe {
    private LoaderProbe() {}

    public static void main(String[] args) {
        try {
            System.out.println("loaded " + Native.LIBRARY_PATH + " version " + Ydrz.version());
        } catch (UnsatisfiedLinkError e) {
            System.out.println("failed " + e.getMessage());
            System.exit(3);
        }
    }
}
