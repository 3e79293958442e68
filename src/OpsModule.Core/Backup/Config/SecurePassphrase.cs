using System.Runtime.InteropServices;
using System.Security;

namespace OpsModule.Core.Backup.Config;

/// <summary>Receives a passphrase for the duration of one call.</summary>
public delegate T PassphraseFunc<out T>(ReadOnlySpan<char> passphrase);

/// <summary>
/// Hands the characters of a <see cref="SecureString"/> to a callback without ever making a <see cref="string"/> of them:
/// they are copied into a pinned buffer (the GC cannot leave copies behind) that is wiped when the callback returns.
/// </summary>
public static class SecurePassphrase
{
    public static T Use<T>(SecureString passphrase, PassphraseFunc<T> use)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        ArgumentNullException.ThrowIfNull(use);
        var buffer = GC.AllocateArray<char>(passphrase.Length, pinned: true);
        var unmanaged = IntPtr.Zero;
        try
        {
            unmanaged = Marshal.SecureStringToGlobalAllocUnicode(passphrase);
            Marshal.Copy(unmanaged, buffer, 0, buffer.Length);
            return use(buffer);
        }
        finally
        {
            Array.Clear(buffer);
            if (unmanaged != IntPtr.Zero)
            {
                Marshal.ZeroFreeGlobalAllocUnicode(unmanaged);
            }
        }
    }
}
