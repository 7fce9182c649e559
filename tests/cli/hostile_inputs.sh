#!/usr/bin/env bash
# Hostile data directories, checkpoints and arguments given to the CLI: each must exit with the
# expected status (2 for bad input, 1 for a diverged run) after exactly one line on stderr that
# names the culprit, with no crash, no sanitizer report and no file left behind.
#   hostile_inputs.sh EXE MNIST_DIR MAKE_IMAGE_FOLDER
set -uo pipefail
exe=$1; mnist=$2; make_image_folder=$3
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
failures=0; cases=0

# expect STATUS NEEDLE -- args...: runs the command, checks status, one stderr line with NEEDLE.
expect() {
  local want=$1 needle=$2; shift 3
  cases=$((cases + 1))
  "$exe" "$@" >"$work/out" 2>"$work/err"; local got=$?
  local lines; lines=$(wc -l <"$work/err")
  if [ "$got" != "$want" ] || [ "$lines" != 1 ] || ! grep -qF -- "$needle" "$work/err"; then
    echo "FAIL: $* -> status $got (want $want), $lines stderr line(s), want '$needle':"; sed 's/^/    /' "$work/err" | head -5
    failures=$((failures + 1))
  fi
}

# --- data directories -------------------------------------------------------------------------
# The first 2,000 training and 500 test images of MNIST, as IDX files with their counts set to
# match: every case below loads data, and all 70,000 images take seconds each under ASan.
be32() { printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 >> 24 & 255)) $(($1 >> 16 & 255)) $(($1 >> 8 & 255)) $(($1 & 255)))"; }
idx_head() {  # SRC DST COUNT HEADER_BYTES RECORD_BYTES
  { head -c 4 "$1"; be32 "$3"; tail -c +9 "$1" | head -c $(($4 - 8 + $3 * $5)); } >"$2"
}
mkdir -p "$work/small"
idx_head "$mnist/train-images-idx3-ubyte" "$work/small/train-images-idx3-ubyte" 2000 16 784
idx_head "$mnist/train-labels-idx1-ubyte" "$work/small/train-labels-idx1-ubyte" 2000 8 1
idx_head "$mnist/t10k-images-idx3-ubyte" "$work/small/t10k-images-idx3-ubyte" 500 16 784
idx_head "$mnist/t10k-labels-idx1-ubyte" "$work/small/t10k-labels-idx1-ubyte" 500 8 1
mkdata() { mkdir -p "$work/$1"; for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do head -c "${3:-100000000}" "$work/small/$f" >"$work/$1/$f"; done; }
mkdata good
expect 2 "data directory not found"       -- train --epochs 1 --data "$work/none"
touch "$work/plainfile"
expect 2 "is not a directory"             -- train --epochs 1 --data "$work/plainfile"
mkdir -p "$work/empty"
expect 2 "no train-images-idx3-ubyte"     -- train --epochs 1 --data "$work/empty"
mkdata truncated x 5000
expect 2 "truncated"                       -- train --epochs 1 --data "$work/truncated"
mkdata zero; : >"$work/zero/t10k-labels-idx1-ubyte"
expect 2 "t10k-labels-idx1-ubyte: empty file" -- train --epochs 1 --data "$work/zero"
mkdata magic; printf '\x00\x00\x09\x99' | dd of="$work/magic/train-images-idx3-ubyte" conv=notrunc status=none
expect 2 "bad magic number"                -- train --epochs 1 --data "$work/magic"
mkdata dims; printf '\x00\x00\x00\x00' | dd of="$work/dims/t10k-images-idx3-ubyte" bs=1 seek=8 conv=notrunc status=none
expect 2 "images are 0x28"                 -- train --epochs 1 --data "$work/dims"
mkdata huge; printf '\x7f\xff\xff\xff' | dd of="$work/huge/train-images-idx3-ubyte" bs=1 seek=4 conv=notrunc status=none
expect 2 "truncated: header says 2147483647 images" -- train --epochs 1 --data "$work/huge"
mkdata labels; printf '\x0c' | dd of="$work/labels/train-labels-idx1-ubyte" bs=1 seek=100 conv=notrunc status=none
expect 2 "classes 10 to 11 have no training images" -- train --epochs 1 --data "$work/labels"
mkdata count; head -c 408 "$work/small/t10k-labels-idx1-ubyte" >"$work/count/t10k-labels-idx1-ubyte"
printf '\x00\x00\x01\x90' | dd of="$work/count/t10k-labels-idx1-ubyte" bs=1 seek=4 conv=notrunc status=none
expect 2 "400 labels but"                  -- train --epochs 1 --data "$work/count"
mkdata gz; rm "$work/gz/train-labels-idx1-ubyte"; gzip -c "$mnist/train-labels-idx1-ubyte" | head -c 20000 >"$work/gz/train-labels-idx1-ubyte.gz"
expect 2 "train-labels-idx1-ubyte.gz: corrupt or truncated" -- train --epochs 1 --data "$work/gz"
mkdata dirfile; rm "$work/dirfile/t10k-images-idx3-ubyte"; mkdir "$work/dirfile/t10k-images-idx3-ubyte"
expect 2 "is a directory"                  -- train --epochs 1 --data "$work/dirfile"

# --- image folders ----------------------------------------------------------------------------
# 200 training and 50 test digits as PNG files in train/<class>/ and test/<class>/.
"$make_image_folder" --data "$work/small" --out "$work/images" --train 200 --test 50 >/dev/null ||
  { echo "FAIL: make_image_folder"; failures=$((failures + 1)); }
imgdata() { rm -rf "$work/$1"; cp -r "$work/images" "$work/$1"; }
imgdata ignored; echo "notes" >"$work/ignored/train/3/README.txt"; echo "x" >"$work/ignored/test/notes.md"
cases=$((cases + 1))
"$exe" train --epochs 1 --hidden 16 --data "$work/ignored" --save "$work/images.ckpt" >/dev/null 2>"$work/err" ||
  { echo "FAIL: an image folder with non-image files beside the images:"; sed 's/^/    /' "$work/err"; failures=$((failures + 1)); }
imgdata broken; echo "not a png" >"$work/broken/train/7/broken.png"
expect 2 "train/7/broken.png: not an image we can decode" -- train --epochs 1 --data "$work/broken"
imgdata emptyclass; mkdir "$work/emptyclass/train/extra"
expect 2 "train/extra: no image files"     -- train --epochs 1 --data "$work/emptyclass"
imgdata newclass; mkdir "$work/newclass/test/cat"; cp "$work/images/test/1/"*.png "$work/newclass/test/cat/"
expect 2 "test/cat: class 'cat' has no folder in" -- train --epochs 1 --data "$work/newclass"
imgdata notest; rm -r "$work/notest/test"
expect 2 "notest/test: not found"           -- train --epochs 1 --data "$work/notest"
imgdata bigimage; printf '\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x75\x30\x00\x00\x75\x30\x08\x00\x00\x00\x00\x00\x00\x00\x00' >"$work/bigimage/test/2/huge.png"
expect 2 "test/2/huge.png: 30000 x 30000 pixels is over the limit" -- train --epochs 1 --data "$work/bigimage"
imgdata fifo; mkfifo "$work/fifo/train/0/pipe.png"
expect 2 "train/0/pipe.png: not a regular file" -- train --epochs 1 --data "$work/fifo"
imgdata loop; ln -s . "$work/loop/train/4/again"; ln -s self.png "$work/loop/train/4/self.png"
expect 2 "train/4/self.png: cannot open"    -- train --epochs 1 --data "$work/loop"
expect 2 "--image-size"                     -- train --epochs 1 --image-size 0 --data "$work/images"
expect 2 "--image-size"                     -- train --epochs 1 --image-size 100000 --data "$work/images"
expect 2 "--image-size"                     -- eval --load "$work/images.ckpt" --image-size -4 --data "$work/images"
# A model trained at 28 x 28 takes the folder at 28 x 28 only.
expect 2 "the model is for 1x28x28 images in 10 classes, but $work/images has 1x16x16 images" -- eval --load "$work/images.ckpt" --image-size 16 --data "$work/images"

# --- arguments ----------------------------------------------------------------------------------
expect 2 "--epochs"     -- train --epochs -3 --data "$work/good"
expect 2 "--latent"     -- train --latent 0 --data "$work/good"
expect 2 "--lr"         -- train --lr nan --data "$work/good"
expect 2 "--lr"         -- train --lr -1 --data "$work/good"
expect 2 "--mode"       -- train --mode gan --data "$work/good"
expect 2 "--batch"      -- train --batch 0 --data "$work/good"
expect 2 "latent"       -- train --latent abc --data "$work/good"
expect 2 "not expected" -- train --no-such-option
expect 2 "--save"       -- train --epochs 1 --data "$work/good" --save "$work/no/such/dir/x.ckpt"

expect 2 "--arch"       -- train --arch mlp:0 --data "$work/good"
expect 2 "--arch"       -- train --arch resnet --data "$work/good"
expect 2 "not both"     -- train --arch mlp:400 --hidden 10 --data "$work/good"
expect 2 "--beta does not apply to a comparison" -- compare --epochs 1 --beta 4 --data "$work/good"

# --- architectures against data of another shape ------------------------------------------------
# 30x30 images: the MLP takes them, the convolutional model needs sides that are multiples of 4.
mkdir -p "$work/odd"
idx_images() {  # FILE COUNT SIDE
  { printf '\x00\x00\x08\x03'; printf "\\x00\\x00\\x00\\x$(printf %02x "$2")"; printf "\\x00\\x00\\x00\\x$(printf %02x "$3")"
    printf "\\x00\\x00\\x00\\x$(printf %02x "$3")"; head -c $(($2 * $3 * $3)) /dev/urandom; } >"$1"
}
idx_labels() { { printf '\x00\x00\x08\x01'; printf "\\x00\\x00\\x00\\x$(printf %02x "$2")"; for i in $(seq 0 $(($2 - 1))); do printf "\\x0$((i % 3))"; done; } >"$1"; }
idx_images "$work/odd/train-images-idx3-ubyte" 12 30; idx_labels "$work/odd/train-labels-idx1-ubyte" 12
idx_images "$work/odd/t10k-images-idx3-ubyte" 6 30; idx_labels "$work/odd/t10k-labels-idx1-ubyte" 6
expect 2 "multiples of 4" -- train --epochs 1 --arch conv --data "$work/odd"
"$exe" train --epochs 1 --batch 4 --data "$work/odd" --save "$work/odd.ckpt" >/dev/null 2>&1 ||
  { echo "FAIL: could not train on 30x30 images"; failures=$((failures + 1)); }

# --- checkpoints --------------------------------------------------------------------------------
"$exe" train --epochs 1 --latent 2 --hidden 64 --data "$work/good" --save "$work/good.ckpt" >/dev/null 2>&1 ||
  { echo "FAIL: could not make a checkpoint"; failures=$((failures + 1)); }
cases=$((cases + 1))
"$exe" eval --load "$work/good.ckpt" --data "$work/good" --iw 2 >/dev/null 2>&1 || { echo "FAIL: eval of a good checkpoint"; failures=$((failures + 1)); }
expect 2 "checkpoint not found" -- eval --load "$work/none.ckpt" --data "$work/good"
cp "$work/good.ckpt" "$work/flip.ckpt"; printf '\x55' | dd of="$work/flip.ckpt" bs=1 seek=5000 conv=notrunc status=none
expect 2 "checksum mismatch"    -- eval --load "$work/flip.ckpt" --data "$work/good"
head -c 3000 "$work/good.ckpt" >"$work/short.ckpt"
expect 2 "checksum mismatch"    -- eval --load "$work/short.ckpt" --data "$work/good"
head -c 2 "$work/good.ckpt" >"$work/tiny.ckpt"
expect 2 "too short"            -- eval --load "$work/tiny.ckpt" --data "$work/good"
cp "$mnist/t10k-labels-idx1-ubyte" "$work/foreign.ckpt"
expect 2 "not a latent-explorer checkpoint" -- eval --load "$work/foreign.ckpt" --data "$work/good"
cp "$work/good.ckpt" "$work/version.ckpt"; printf '\x09' | dd of="$work/version.ckpt" bs=1 seek=8 conv=notrunc status=none
expect 2 "format version 9"     -- eval --load "$work/version.ckpt" --data "$work/good"
expect 2 "the command line asks for mlp:64, z = 5" -- train --epochs 1 --load "$work/good.ckpt" --latent 5 --data "$work/good"
expect 2 "the command line asks for conv" -- train --epochs 1 --load "$work/good.ckpt" --arch conv --data "$work/good"
expect 2 "the model is for 1x30x30 images in 3 classes" -- eval --load "$work/odd.ckpt" --data "$work/good"
mkdir "$work/dir.ckpt"
expect 2 "not a regular file"   -- eval --load "$work/dir.ckpt" --data "$work/good"

# --- a diverging run: caught, rolled back, reported; no checkpoint written ------------------------
expect 1 "rolled back"          -- train --epochs 1 --lr 10 --data "$work/good" --save "$work/diverged.ckpt"
[ -e "$work/diverged.ckpt" ] && { echo "FAIL: a diverged run wrote a checkpoint"; failures=$((failures + 1)); }
leftovers=$(find "$work" -name '*.tmp.*' | head -3)
[ -n "$leftovers" ] && { echo "FAIL: temporary files left behind: $leftovers"; failures=$((failures + 1)); }

echo "$((cases - failures)) passed, $failures failed"
[ "$failures" = 0 ]
