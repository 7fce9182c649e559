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

# --- safetensors files (io/safetensors.hpp, io/state_dict.hpp) ----------------------------------
# Written here byte by byte: mlp:2, z = 1 for 28x28 MNIST, zero weights, its header from `tensors`.
le64() { local i; for i in 0 1 2 3 4 5 6 7; do printf "\\x$(printf %02x $(($1 >> (8 * i) & 255)))"; done; }
st_meta='"__metadata__":{"format":"latent-explorer-vae","arch":"mlp","hidden":"2","latent":"1","cond":"0","mode":"vae","likelihood":"bernoulli","input_shape":"1,28,28"}'
st_tensors=("fc1.weight 2,784" "fc1.bias 2" "fc21.weight 1,2" "fc21.bias 1" "fc22.weight 1,2" "fc22.bias 1"
            "fc3.weight 2,1" "fc3.bias 2" "fc4.weight 784,2" "fc4.bias 784")
make_st() {  # FILE [META] [EXTRA_HEADER_TEXT] [EXTRA_DATA_BYTES]: the header from st_tensors, then zeros
  local header="{${2:-$st_meta}" at=0 t n
  for t in "${st_tensors[@]}"; do
    n=$(($(echo "${t#* }" | tr ',' '*') * 4))
    header+=",\"${t% *}\":{\"dtype\":\"F32\",\"shape\":[${t#* }],\"data_offsets\":[$at,$((at + n))]}"
    at=$((at + n))
  done
  header+="${3:-}}"
  { le64 ${#header}; printf '%s' "$header"; head -c $((at + ${4:-0})) /dev/zero; } >"$1"
}
make_st "$work/good.safetensors"
cases=$((cases + 1))
"$exe" eval --load "$work/good.safetensors" --data "$work/good" --iw 2 >/dev/null 2>&1 ||
  { echo "FAIL: eval of a good safetensors file"; failures=$((failures + 1)); }
st() { make_st "$work/$1.safetensors" "${@:2}"; }
: >"$work/empty.safetensors"
expect 2 "empty.safetensors: too short"        -- eval --load "$work/empty.safetensors" --data "$work/good"
head -c -100 "$work/good.safetensors" >"$work/truncated.safetensors"
expect 2 "truncated.safetensors: the tensors' data ends at byte 15728 but the data buffer is 15628 bytes long" -- eval --load "$work/truncated.safetensors" --data "$work/good"
{ le64 $((1 << 40)); tail -c +9 "$work/good.safetensors"; } >"$work/liar.safetensors"
expect 2 "liar.safetensors: header length 1099511627776 is over the format's limit" -- eval --load "$work/liar.safetensors" --data "$work/good"
{ le64 20000; tail -c +9 "$work/good.safetensors"; } >"$work/past.safetensors"
expect 2 "past.safetensors: header length 20000 runs past the end of the file" -- eval --load "$work/past.safetensors" --data "$work/good"
{ le64 100; tail -c +9 "$work/good.safetensors"; } >"$work/short.safetensors"
expect 2 "short.safetensors: header is not valid JSON" -- eval --load "$work/short.safetensors" --data "$work/good"
st overlap; sed -i 's/"data_offsets":\[6280,6288\]/"data_offsets":[6276,6284]/' "$work/overlap.safetensors"
expect 2 "overlap.safetensors: tensor 'fc21.weight' starts at byte 6276 of the data after tensor 'fc1.bias', which ends at 6280: they overlap" -- eval --load "$work/overlap.safetensors" --data "$work/good"
st_tensors[8]="fc4.weight 2,784"; st shape; st_tensors[8]="fc4.weight 784,2"
expect 2 "shape.safetensors: tensor 'fc4.weight' has shape [2, 784]" -- eval --load "$work/shape.safetensors" --data "$work/good"
st_tensors[7]="fc3.bias 4294967296,4294967296"; st huge; st_tensors[7]="fc3.bias 2"
expect 2 "huge.safetensors: tensor 'fc3.bias': shape [4294967296, 4294967296] is too large" -- eval --load "$work/huge.safetensors" --data "$work/good"
st duplicate "$st_meta" ',"fc1.bias":{"dtype":"F32","shape":[2],"data_offsets":[6272,6280]}'
expect 2 "duplicate.safetensors: duplicate tensor name 'fc1.bias'" -- eval --load "$work/duplicate.safetensors" --data "$work/good"
st dtype; sed -i '0,/"dtype":"F32"/s//"dtype":"I64"/' "$work/dtype.safetensors"
expect 2 "dtype.safetensors: tensor 'fc1.weight': dtype 'I64' is not F32, F16 or BF16" -- eval --load "$work/dtype.safetensors" --data "$work/good"
st nan; header_end=$(($(wc -c <"$work/nan.safetensors") - 15728))
printf '\x00\x00\xc0\x7f' | dd of="$work/nan.safetensors" bs=1 seek=$((header_end + 6272 + 8)) conv=notrunc status=none
expect 2 "nan.safetensors: tensor 'fc21.weight' holds NaN or infinite values" -- eval --load "$work/nan.safetensors" --data "$work/good"
st latent "${st_meta/\"latent\":\"1\"/\"latent\":\"3\"}"
expect 2 "latent.safetensors: tensor 'fc21.weight' has shape [1, 2], but the metadata's model (mlp:2, z = 3, 1x28x28 images) needs [3, 2]" -- eval --load "$work/latent.safetensors" --data "$work/good"
st format "${st_meta/latent-explorer-vae/pt}"
expect 2 "format.safetensors: __metadata__ 'format' is 'pt', expected 'latent-explorer-vae'" -- eval --load "$work/format.safetensors" --data "$work/good"
st classes "${st_meta/\"cond\"/\"classes\":\"5\",\"cond\"}"
expect 2 "classes.safetensors: the model is for 1x28x28 images in 5 classes" -- eval --load "$work/classes.safetensors" --data "$work/good"
expect 2 "good.safetensors: the checkpoint holds mlp:2, z = 1, but the command line asks for mlp:2, z = 5" -- train --epochs 1 --load "$work/good.safetensors" --latent 5 --data "$work/good"
expect 2 "--out: '$work/x.ckpt' must end in .safetensors" -- export --load "$work/good.ckpt" --out "$work/x.ckpt"

# --- a diverging run: caught, rolled back, reported; no checkpoint written ------------------------
expect 1 "rolled back"          -- train --epochs 1 --lr 10 --data "$work/good" --save "$work/diverged.ckpt"
[ -e "$work/diverged.ckpt" ] && { echo "FAIL: a diverged run wrote a checkpoint"; failures=$((failures + 1)); }
leftovers=$(find "$work" -name '*.tmp.*' | head -3)
[ -n "$leftovers" ] && { echo "FAIL: temporary files left behind: $leftovers"; failures=$((failures + 1)); }

echo "$((cases - failures)) passed, $failures failed"
[ "$failures" = 0 ]
