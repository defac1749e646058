// zlib's inflate and crc32 for MyCandidateImport's zip reader (ZipArchive.swift).
#include <zlib.h>
