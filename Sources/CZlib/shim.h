// zlib's inflate, used to read gzip-compressed IDX files.
#include <zlib.h>
