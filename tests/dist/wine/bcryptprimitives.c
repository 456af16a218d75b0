/* ProcessPrng for Debian's wine 8, which lacks bcryptprimitives.dll (wine 9 has it). Rust's std (1.78 and later)
 * takes its random bytes from there on Windows, so without it no Rust Windows binary starts under this wine.
 * Only scripts/dist/platform_test.sh puts it on WINEPATH; real Windows 10 and later ship the DLL. */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0) {
            return FALSE;
        }
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
