import { importOptional } from '../optionalPackage.js';
import { decodeLz4Frames } from './lz4Frame.js';

/**
 * Teaches apache-arrow's IPC reader the two buffer codecs of the Arrow format,
 * LZ4 frame and Zstandard (its JavaScript reader ships none and throws on a
 * compressed record batch): our own LZ4 frame decoder, and the Zstandard
 * decoder hyparquet-compressors already brings for Parquet pages. pandas and
 * pyarrow write Feather v2 with LZ4 by default, so without these a `.feather`
 * from Python would not open. Registration is global to the apache-arrow
 * module and done once, before the first Arrow file is read.
 */
let registered: Promise<void> | undefined;

/**
 * What is used of the apache-arrow module (its codec registry), written out so
 * that creditkit's declarations do not name apache-arrow, an optional package.
 */
interface ArrowCodecs {
  CompressionType: { LZ4_FRAME: number; ZSTD: number };
  compressionRegistry: { set(compression: number, codec: { decode?(data: Uint8Array): Uint8Array }): void };
}

/** apache-arrow views a buffer as 64-bit values in place, so it must start on 8 bytes (fzstd may return a view that does not). */
function aligned(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
}

export function registerArrowCodecs(arrow: ArrowCodecs): Promise<void> {
  registered ??= (async () => {
    arrow.compressionRegistry.set(arrow.CompressionType.LZ4_FRAME, { decode: (bytes) => decodeLz4Frames(bytes) });
    let zstd: (bytes: Uint8Array) => Uint8Array;
    try {
      zstd = (await importOptional('hyparquet-compressors', () => import('hyparquet-compressors'))).decompressZstd;
    } catch (e) {
      // Without the package only Zstandard files fail, with its install hint; the rest still read.
      zstd = () => {
        throw e;
      };
    }
    arrow.compressionRegistry.set(arrow.CompressionType.ZSTD, { decode: (bytes) => aligned(zstd(bytes)) });
  })();
  return registered;
}
