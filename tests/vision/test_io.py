import cv2
import numpy as np
import pytest

from vision import preprocess
from vision.io import ImageError, list_images, read_image, write_image, write_png16, write_png8


def test_reads_8_and_16_bit_png_tiff_jpeg(tmp_path):
    ramp16 = (np.arange(64 * 48, dtype=np.uint32).reshape(48, 64) * 21).astype(np.uint16)
    write_png16(tmp_path / "a16.png", ramp16)
    img, meta = read_image(tmp_path / "a16.png")
    assert meta["bit_depth"] == 16 and meta["shape"] == (48, 64) and img.dtype == np.float32
    assert np.allclose(img, ramp16 / 65535.0, atol=1e-6)

    cv2.imwrite(str(tmp_path / "a16.tif"), ramp16)
    img, meta = read_image(tmp_path / "a16.tif")
    assert meta["bit_depth"] == 16 and np.allclose(img, ramp16 / 65535.0, atol=1e-6)

    ramp8 = (ramp16 >> 8).astype(np.uint8)
    write_png8(tmp_path / "a8.png", ramp8)
    img, meta = read_image(tmp_path / "a8.png")
    assert meta["bit_depth"] == 8 and img.max() <= 1.0 and np.allclose(img * 255, ramp8, atol=1e-3)

    colour = np.dstack([ramp8, ramp8, ramp8])
    cv2.imwrite(str(tmp_path / "c.jpg"), colour)
    img, meta = read_image(tmp_path / "c.jpg")
    assert img.shape == (48, 64) and meta["channels"] == 3 and 0 <= img.min() and img.max() <= 1


def test_non_ascii_path(tmp_path):
    p = tmp_path / "Gussteil_Röntgen_铸件" / "bild.png"
    write_png16(p, np.full((8, 8), 0.5, np.float32))
    img, _ = read_image(p)
    assert abs(float(img.mean()) - 0.5) < 1e-4
    assert list_images(p.parent) == [p]


@pytest.mark.parametrize("content", [b"", b"not an image at all", b"\x89PNG\r\n\x1a\n\x00\x00garbage"])
def test_bad_files_raise_image_error(tmp_path, content):
    p = tmp_path / "bad.png"
    p.write_bytes(content)
    with pytest.raises(ImageError, match="bad.png"):
        read_image(p)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ImageError, match="no such file"):
        read_image(tmp_path / "nope.png")
    with pytest.raises(ImageError, match="folder"):
        read_image(tmp_path)


def test_write_image_keeps_16_bit(tmp_path):
    a = np.linspace(0, 1, 100, dtype=np.float32).reshape(10, 10)
    write_image(tmp_path / "x.tif", a)
    img, meta = read_image(tmp_path / "x.tif")
    assert meta["bit_depth"] == 16 and np.allclose(img, a, atol=2e-5)


def test_preprocess_helpers():
    rng = np.random.default_rng(0)
    a = rng.random((70, 90), dtype=np.float32) * 0.2 + 0.4
    n = preprocess.percentile_normalize(a)
    assert n.min() == 0.0 and n.max() == 1.0
    c = preprocess.clahe(a)
    assert c.shape == a.shape and c.dtype == np.float32 and c.std() > a.std()
    u16 = (a * 65535).astype(np.uint16)
    w8 = preprocess.window_level(u16, window=0.2 * 65535, level=0.5 * 65535)
    assert w8.dtype == np.uint8 and w8.min() < 10 and w8.max() > 245
    tiles, pos = preprocess.extract_tiles(a, 32, 16)
    assert tiles.shape[1:] == (32, 32) and len(pos) == len(tiles)
    assert max(y for y, _ in pos) == 70 - 32 and max(x for _, x in pos) == 90 - 32
    scores = np.array([1.0 if (y, x) == pos[-1] else 0.0 for y, x in pos])
    heat = preprocess.assemble_heatmap(scores, pos, a.shape, 32)
    assert heat[-1, -1] == 1.0 and heat[0, 0] == 0.0
    assert preprocess.upsample_heatmap(np.ones((9, 12)), (70, 90)).shape == (70, 90)


def _png_claiming(width: int, height: int) -> bytes:
    """A valid 8-bit grey PNG of width x height zeros, compressed row by row (a few hundred KB)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    z = zlib.compressobj(9)
    row = b"\x00" * (width + 1)
    body = b"".join(z.compress(row) for _ in range(height)) + z.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def test_a_huge_image_is_refused_from_its_header_before_decoding(tmp_path, monkeypatch):
    """A 20,000 x 20,000 PNG of a few hundred KB once took 12 GB to decode: the header says so first."""
    import tracemalloc

    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(_png_claiming(20_000, 20_000))
    assert bomb.stat().st_size < 2_000_000
    tracemalloc.start()
    with pytest.raises(ImageError, match="400,000,000 pixels, more than the limit"):
        read_image(bomb)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 50_000_000  # nothing near the 400 MB a decode would take
    monkeypatch.setenv("LINESIDE_MAX_IMAGE_PIXELS", "1000")
    small = tmp_path / "small.png"
    cv2.imwrite(str(small), np.full((40, 40), 128, np.uint8))
    with pytest.raises(ImageError, match="more than the limit of 1,000"):
        read_image(small)


def test_the_header_size_is_read_from_every_format_a_machine_writes(tmp_path):
    """PNG 8/16-bit, TIFF (both byte orders), JPEG, BMP and PGM: the size from the header bytes alone, as an
    independent reader (Pillow, where installed) reads it; anything else: None (OpenCV decides)."""
    import cv2

    from vision.io import header_size

    img8 = (np.arange(37 * 53) % 251).astype(np.uint8).reshape(37, 53)
    img16 = img8.astype(np.uint16) * 257
    files = {}
    for ext, img in ((".png", img8), (".png", img16), (".tif", img16), (".tiff", img8), (".jpg", img8),
                     (".bmp", img8), (".pgm", img16)):
        ok, enc = cv2.imencode(ext, img)
        assert ok
        files[f"{len(files)}{ext}"] = enc.tobytes()
    big_endian_tiff = (b"MM\x00*\x00\x00\x00\x08" + b"\x00\x02"
                       + b"\x01\x00\x00\x03\x00\x00\x00\x01\x00\x35\x00\x00"    # ImageWidth 53 (SHORT)
                       + b"\x01\x01\x00\x04\x00\x00\x00\x01\x00\x00\x00\x25"    # ImageLength 37 (LONG)
                       + b"\x00\x00\x00\x00")
    files["be.tif"] = big_endian_tiff
    for name, data in files.items():
        assert header_size(data) == (53, 37), name
        (tmp_path / name).write_bytes(data)
    pil = pytest.importorskip("PIL.Image")
    for name in files:
        if name != "be.tif":
            with pil.open(tmp_path / name) as im:
                assert im.size == (53, 37), name
    assert header_size(b"GIF89a....") is None
    assert header_size(b"\x89PNG\r\n\x1a\n\x00\x00") is None        # truncated
    assert header_size(b"\xff\xd8\xff\xe0\x00\x10JFIF") is None      # no frame header in the bytes given


def _dicom(path, pixels: np.ndarray, *, bits: int = 12, photometric: str = "MONOCHROME2", rows=None, cols=None):
    pydicom = pytest.importorskip("pydicom")
    from pydicom.dataset import FileDataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian, generate_uid

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.1.1"   # digital X-ray
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(str(path), {}, file_meta=meta, preamble=b"\0" * 128)
    ds.Rows, ds.Columns = rows or pixels.shape[0], cols or pixels.shape[1]
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, photometric
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, bits, bits - 1, 0
    ds.PixelData = pixels.astype(np.uint16).tobytes()
    ds.save_as(str(path), enforce_file_format=True)
    return path


def test_a_dicom_radiograph_reads_as_the_same_image(tmp_path):
    from vision.io import read_image
    from vision.synth import make_part

    img = make_part("wheel", 128, 3, ["porosity"])[0].astype(np.float32) / 65535.0
    stored = np.round(img * 4095).astype(np.uint16)                 # a 12-bit detector
    a, meta = read_image(_dicom(tmp_path / "part.dcm", stored))
    assert a.shape == (128, 128) and meta["bit_depth"] == 16
    np.testing.assert_allclose(a, stored / 4095.0, atol=1e-4)
    inv, _ = read_image(_dicom(tmp_path / "inv.dcm", 4095 - stored, photometric="MONOCHROME1"))
    np.testing.assert_allclose(inv, a, atol=1e-4)                    # MONOCHROME1 (white low) comes out the same


def test_a_dicom_claiming_a_huge_image_is_refused_from_its_header(tmp_path, monkeypatch):
    from vision.io import ImageError, read_image

    bomb = _dicom(tmp_path / "bomb.dcm", np.zeros((4, 4)), rows=20_000, cols=20_000)
    with pytest.raises(ImageError, match="20000 x 20000"):
        read_image(bomb)
    broken = tmp_path / "broken.dcm"
    broken.write_bytes(b"\0" * 128 + b"DICM" + b"\xff" * 40)
    with pytest.raises(ImageError, match="DICOM"):
        read_image(broken)
