"""A small streaming GIF writer: one frame in memory at a time.

Pillow's ``save(..., save_all=True, append_images=...)`` (and imageio's
pillow plugin, which calls it) keeps every frame in memory until the end and
merges identical consecutive frames, so neither the memory nor the frame count
of an animation would be ours to control. The file format is simple enough to
write directly (GIF89a, https://www.w3.org/Graphics/GIF/spec-gif89a.txt)::

    header, logical screen descriptor, global colour table   (once)
    NETSCAPE2.0 application extension: loop forever          (once)
    per frame: graphic control extension (delay, disposal,
               transparency) + image descriptor + LZW data   (Pillow encodes)
    trailer ";"                                              (once)

Every frame is mapped to one palette computed up front from a few sample
frames, so colours do not flicker between frames and no per-frame adaptive
quantization is paid for. After the first frame only the rectangle that
changed is stored, and inside it the unchanged pixels are made transparent
(palette index 255), which LZW compresses to almost nothing: the file stays
small while every frame is still written, one image per frame.
"""

import struct

import numpy as np
from PIL import GifImagePlugin, Image

__all__ = ["GifWriter", "make_palette"]

# Median cut gives at most 255 colours, so index 255 is never a colour and
# can mean "unchanged since the previous frame".
_TRANSPARENT = 255
# Disposal method 1: leave the frame in place; the next one draws over it.
_KEEP = 1


def make_palette(samples):
    """A 255-colour palette fitted to a few sample frames.

    Parameters
    ----------
    samples : list of ndarray of shape (height, width, 3), dtype uint8
        Frames whose colours the palette should hold (the first, middle and
        last frames of an animation hold the static background and the
        colours of the moving artists).

    Returns
    -------
    PIL.Image.Image
        A 1x1 image of mode "P" carrying the palette, for
        :meth:`PIL.Image.Image.quantize`.
    """
    stacked = Image.fromarray(np.concatenate(list(samples), axis=0))
    fitted = stacked.quantize(colors=255, method=Image.Quantize.MEDIANCUT)
    n_colours = len(fitted.getpalette()) // 3
    palette = Image.new("P", (1, 1))
    palette.putpalette(fitted.getpalette()[:3 * min(n_colours, 255)])
    return palette


class GifWriter:
    """Write an animated GIF frame by frame.

    Parameters
    ----------
    file : binary file object
        Opened for writing; the writer does not close it.
    size : (width, height)
        Size of every frame, in pixels.
    palette : PIL.Image.Image
        A mode "P" image from :func:`make_palette`.
    loop : int, default=0
        Times to repeat the animation (0: forever).

    Examples
    --------
    >>> import io
    >>> import numpy as np
    >>> from PIL import Image
    >>> frames = [np.full((8, 8, 3), v, dtype=np.uint8) for v in (0, 0, 255)]
    >>> buffer = io.BytesIO()
    >>> writer = GifWriter(buffer, (8, 8), make_palette(frames))
    >>> for frame in frames:
    ...     writer.write(frame, duration_ms=100)
    >>> writer.close()
    >>> Image.open(buffer).n_frames  # identical frames are kept, not merged
    3
    """

    def __init__(self, file, size, palette, *, loop=0):
        self.file = file
        self.size = tuple(int(s) for s in size)
        self.palette = palette
        self._previous = None  # palette indices of the frame on screen
        colours = bytes(palette.getpalette()[:3 * 255])
        # The global colour table must hold a power of two of entries: 256.
        table = colours + bytes(3 * 256 - len(colours))
        width, height = self.size
        # Packed field: table present (0x80), 8-bit colour resolution (0x70),
        # table size 2 ** (7 + 1) entries (0x07).
        file.write(b"GIF89a" + struct.pack("<HHBBB", width, height, 0xF7, 0, 0) + table)
        file.write(b"\x21\xff\x0bNETSCAPE2.0\x03\x01" + struct.pack("<H", loop) + b"\x00")

    def write(self, frame, duration_ms):
        """Append one frame.

        Parameters
        ----------
        frame : ndarray of shape (height, width, 3), dtype uint8
        duration_ms : int
            How long the frame shows. GIF counts in hundredths of a second.
        """
        frame = np.asarray(frame)
        if frame.shape[1::-1] != self.size:
            raise ValueError(
                f"frame of {frame.shape[1]}x{frame.shape[0]} pixels in a GIF of "
                f"{self.size[0]}x{self.size[1]}"
            )
        quantized = Image.fromarray(frame).quantize(palette=self.palette,
                                                    dither=Image.Dither.NONE)
        indices = np.asarray(quantized)
        params = {"duration": max(int(duration_ms), 10), "disposal": _KEEP}
        if self._previous is None:
            patch, offset = indices, (0, 0)
        else:
            patch, offset = self._changed_patch(indices)
            params["transparency"] = _TRANSPARENT
        self._previous = indices
        image = Image.frombytes("P", patch.shape[::-1], np.ascontiguousarray(patch).tobytes())
        for chunk in GifImagePlugin.getdata(image, offset, **params):
            self.file.write(chunk)

    def _changed_patch(self, indices):
        """The bounding box of what changed, unchanged pixels transparent."""
        changed = indices != self._previous
        rows = np.flatnonzero(changed.any(axis=1))
        if rows.size == 0:
            # Nothing moved: one transparent pixel still makes it a frame.
            return np.full((1, 1), _TRANSPARENT, dtype=np.uint8), (0, 0)
        cols = np.flatnonzero(changed.any(axis=0))
        box = (slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1))
        patch = np.where(changed[box], indices[box], _TRANSPARENT).astype(np.uint8)
        return patch, (int(cols[0]), int(rows[0]))

    def close(self):
        """Write the trailer. The file object stays open."""
        self.file.write(b"\x3b")
