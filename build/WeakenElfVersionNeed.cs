// Compiled twice: by MSBuild's RoslynCodeTaskFactory as the build task MlNetCnnWeakenElfVersionNeed
// (see TorchSharpNativeFix.targets; in a consumer's build from the MlNetCnn.Models package), and into
// MlNetCnn.Models (with MLNETCNN_ELF_LOGIC_ONLY defined), whose TorchSharpRuntime reads the same version
// requirements to explain a failed load, and whose tests test the ELF logic. MSBuild inline tasks compile
// against netstandard, hence only BitConverter and basic IO here.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace MlNetCnn.Build
{
    /// <summary>Finds and weakens version requirements (Vernaux entries) of an ELF64 little-endian shared library.</summary>
    internal static class ElfVersionNeed
    {
        private const uint ShtGnuVerneed = 0x6ffffffe;
        private const ushort VerFlagWeak = 0x2;

        /// <summary>Required version names and whether each is already weak.</summary>
        public static List<KeyValuePair<string, bool>> ListRequirements(byte[] elf)
        {
            var found = new List<KeyValuePair<string, bool>>();
            Walk(elf, (name, flagsOffset) =>
                found.Add(new KeyValuePair<string, bool>(name, (BitConverter.ToUInt16(elf, flagsOffset) & VerFlagWeak) != 0)));
            return found;
        }

        /// <summary>Sets VER_FLG_WEAK on every requirement named in <paramref name="versions"/>; returns how many flags changed.</summary>
        public static int Weaken(byte[] elf, ICollection<string> versions) => SetWeak(elf, versions, true);

        /// <summary>Sets or clears VER_FLG_WEAK on the named requirements; returns how many flags changed.</summary>
        public static int SetWeak(byte[] elf, ICollection<string> versions, bool weak)
        {
            int changed = 0;
            Walk(elf, (name, flagsOffset) =>
            {
                if (!versions.Contains(name)) return;
                ushort flags = BitConverter.ToUInt16(elf, flagsOffset);
                ushort updated = weak ? (ushort)(flags | VerFlagWeak) : (ushort)(flags & ~VerFlagWeak);
                if (updated == flags) return;
                byte[] bytes = BitConverter.GetBytes(updated);
                elf[flagsOffset] = bytes[0];
                elf[flagsOffset + 1] = bytes[1];
                changed++;
            });
            return changed;
        }

        /// <summary>True when some libstdc++.so.6 of the system defines <paramref name="version"/>; null when none is found.</summary>
        public static bool? SystemLibStdCxxHas(string version)
        {
            string[] candidates =
            {
                "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
                "/usr/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
            };
            byte[] needle = Encoding.ASCII.GetBytes(version + "\0");
            bool? result = null;
            foreach (string path in candidates)
            {
                if (!File.Exists(path)) continue;
                if (IndexOf(File.ReadAllBytes(path), needle) >= 0) return true;
                result = false;
            }
            return result;
        }

        private static void Walk(byte[] elf, Action<string, int> onRequirement)
        {
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
                throw new InvalidDataException("not an ELF file");
            if (elf[4] != 2 || elf[5] != 1)
                throw new InvalidDataException("only 64-bit little-endian ELF files are supported");
            long shoff = BitConverter.ToInt64(elf, 0x28);
            int shentsize = BitConverter.ToUInt16(elf, 0x3A);
            int shnum = BitConverter.ToUInt16(elf, 0x3C);
            for (int i = 0; i < shnum; i++)
            {
                int sh = checked((int)(shoff + (long)i * shentsize));
                if (BitConverter.ToUInt32(elf, sh + 4) != ShtGnuVerneed) continue;
                long offset = BitConverter.ToInt64(elf, sh + 24);
                int link = (int)BitConverter.ToUInt32(elf, sh + 40);
                int count = (int)BitConverter.ToUInt32(elf, sh + 44);
                long strtab = BitConverter.ToInt64(elf, checked((int)(shoff + (long)link * shentsize)) + 24);
                long need = offset;
                for (int n = 0; n < count; n++)
                {
                    int auxCount = BitConverter.ToUInt16(elf, (int)need + 2);
                    long aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
                    for (int a = 0; a < auxCount; a++)
                    {
                        string name = ReadCString(elf, (int)(strtab + BitConverter.ToUInt32(elf, (int)aux + 8)));
                        onRequirement(name, (int)aux + 4);
                        aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                    }
                    need += BitConverter.ToUInt32(elf, (int)need + 12);
                }
            }
        }

        private static string ReadCString(byte[] data, int start)
        {
            int end = start;
            while (end < data.Length && data[end] != 0) end++;
            return Encoding.ASCII.GetString(data, start, end - start);
        }

        private static int IndexOf(byte[] haystack, byte[] needle)
        {
            for (int i = 0; i + needle.Length <= haystack.Length; i++)
            {
                int j = 0;
                while (j < needle.Length && haystack[i + j] == needle[j]) j++;
                if (j == needle.Length) return i;
            }
            return -1;
        }
    }

#if !MLNETCNN_ELF_LOGIC_ONLY
    /// <summary>MSBuild task: weakens the listed version requirements in every libLibTorchSharp.so below a folder.</summary>
    public class MlNetCnnWeakenElfVersionNeed : Microsoft.Build.Utilities.Task
    {
        /// <summary>The folder to search (an output or publish folder).</summary>
        public string Folder { get; set; } = "";

        /// <summary>Semicolon-separated version names, e.g. GLIBCXX_3.4.32.</summary>
        public string Versions { get; set; } = "";

        /// <summary>Weaken the versions even where this machine's libstdc++ has them (output meant for other machines).</summary>
        public bool Always { get; set; }

        /// <inheritdoc />
        public override bool Execute()
        {
            if (!Directory.Exists(Folder)) return true;
            var missing = new List<string>();
            foreach (string version in Versions.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries))
                if (Always || ElfVersionNeed.SystemLibStdCxxHas(version.Trim()) == false) missing.Add(version.Trim());
            if (missing.Count == 0) return true;

            foreach (string path in Directory.GetFiles(Folder, "libLibTorchSharp.so", SearchOption.AllDirectories))
            {
                byte[] elf = File.ReadAllBytes(path);
                int changed = ElfVersionNeed.Weaken(elf, missing);
                if (changed == 0) continue;
                string temp = path + ".mlnetcnn-tmp";
                File.WriteAllBytes(temp, elf);
                File.Replace(temp, path, null);
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                    "MlNetCnn: marked " + string.Join(", ", missing) + " weak in " + path +
                    (Always ? " (MlNetCnnPatchTorchSharpAlways)" : " (the system libstdc++ lacks it)") +
                    "; TorchSharp's loader fix for Debian 12, opt out with -p:MlNetCnnPatchTorchSharp=false");
            }
            return true;
        }
    }
#endif
}
