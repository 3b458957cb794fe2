/* gesture_gen.c - host tool: builds the gesture firmware's data (gesture_data.c) and the ground
 * truth of the streamed sequences (a text file read by run.sh).
 *
 * usage: gesture_gen RING.bin SLOPE.bin GOLDEN_RING.bin GOLDEN_SLOPE.bin OUT.c OUT.events
 *                    [--no-streams] [--seed-offset N]
 *
 * RING/SLOPE.bin: 128x3 float32 little-endian recordings (../shared/models/magic_wand_*.bin).
 * GOLDEN_*.bin:   4 float32 little-endian, TFLM's scores for them (../shared/golden/magic_wand/).
 *
 * Streams (see README.md, "Streamed sequences"):
 *  - a gesture is the active part of a recording: from its first non-zero sample to its end
 *    (the recordings are zero-filled before the gesture: an empty ring buffer, not the device);
 *  - "at rest" is the pose a gesture starts or ends in: before the first gesture the device rests
 *    in that gesture's first active sample, after a gesture it rests in the gesture's last sample
 *    until the next gesture starts (the same neighbour padding the model was trained with);
 *  - every sample, gesture or idle, gets uniform sensor noise in [-10, 10) mg from a seeded
 *    splitmix64 stream.
 * Floats are written as C99 hexadecimal literals, so the firmware sees exactly these values. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WINDOW 128
#define AXES 3
#define CLASSES 4
#define NOISE_AMPLITUDE 10.0 /* mg, half width of the uniform noise */
#define MAX_PARTS 16

static const char *const class_names[CLASSES] = {"wing", "ring", "slope", "negative"};

/* A scenario: idle stretch lengths interleaved with gestures (0 ring, 1 slope, -1 none). */
typedef struct {
    const char *name;
    uint64_t seed;
    int num_gestures;
    int idle[MAX_PARTS];    /* idle[i] samples before gesture i; idle[num_gestures] at the end */
    int gesture[MAX_PARTS]; /* recording index of gesture i */
} scenario;

/* Idle lengths are chosen so the gestures start at different offsets relative to the window
 * hop (16): 192 = 0 mod 16, 150 = 6, 459 = 11, 301 = 13, ... */
static const scenario scenarios[] = {
    {"ring_then_slope", 11, 2, {192, 200, 180}, {0, 1}},
    {"slope_then_ring", 22, 2, {150, 230, 170}, {1, 0}},
    {"ring_ring_slope", 33, 3, {301, 221, 163, 170}, {0, 0, 1}},
    {"idle_only", 44, 0, {480}, {0}},
};
#define NUM_SCENARIOS ((int)(sizeof scenarios / sizeof scenarios[0]))

static void die(const char *what, const char *path) {
    fprintf(stderr, "gesture_gen: %s: %s\n", what, path);
    exit(2);
}

/* Reads exactly `count` little-endian float32 values. */
static void read_floats(const char *path, float *out, size_t count) {
    FILE *f = fopen(path, "rb");
    size_t i;
    if (!f) die("cannot open", path);
    for (i = 0; i < count; ++i) {
        unsigned char b[4];
        uint32_t bits;
        if (fread(b, 1, 4, f) != 4) die("file too short", path);
        bits = (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) |
               ((uint32_t)b[3] << 24);
        memcpy(&out[i], &bits, sizeof bits);
    }
    if (fgetc(f) != EOF) die("file longer than expected", path);
    fclose(f);
}

static uint64_t splitmix64(uint64_t *state) {
    uint64_t z;
    *state += 0x9E3779B97F4A7C15ull;
    z = *state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Uniform in [-NOISE_AMPLITUDE, NOISE_AMPLITUDE), 24 random bits. */
static float noise(uint64_t *state) {
    double u = (double)(splitmix64(state) >> 40) / 16777216.0;
    return (float)((u * 2.0 - 1.0) * NOISE_AMPLITUDE);
}

static void write_floats(FILE *out, const float *v, size_t count) {
    size_t i;
    for (i = 0; i < count; ++i)
        fprintf(out, "%s%af,%s", (i % 6) ? "" : "    ", (double)v[i], (i % 6 == 5) ? "\n" : " ");
    if (count % 6) fputc('\n', out);
}

int main(int argc, char **argv) {
    float recordings[2][WINDOW * AXES];
    float golden[2][CLASSES];
    int first_active[2];
    int with_streams = 1;
    uint64_t seed_offset = 0;
    int r, s, i;
    FILE *out, *events;

    if (argc < 7) {
        fprintf(stderr, "usage: gesture_gen RING.bin SLOPE.bin GOLDEN_RING.bin GOLDEN_SLOPE.bin "
                        "OUT.c OUT.events [--no-streams] [--seed-offset N]\n");
        return 2;
    }
    for (i = 7; i < argc; ++i) {
        if (strcmp(argv[i], "--no-streams") == 0)
            with_streams = 0;
        else if (strcmp(argv[i], "--seed-offset") == 0 && i + 1 < argc)
            seed_offset = strtoull(argv[++i], NULL, 10);
        else
            die("unknown argument", argv[i]);
    }
    for (r = 0; r < 2; ++r) {
        read_floats(argv[1 + r], recordings[r], WINDOW * AXES);
        read_floats(argv[3 + r], golden[r], CLASSES);
        first_active[r] = -1;
        for (i = 0; i < WINDOW * AXES && first_active[r] < 0; ++i)
            if (recordings[r][i] != 0.0f) first_active[r] = i / AXES;
        if (first_active[r] < 0) die("recording is all zeros", argv[1 + r]);
    }

    out = fopen(argv[5], "w");
    if (!out) die("cannot write", argv[5]);
    events = fopen(argv[6], "w");
    if (!events) die("cannot write", argv[6]);

    fprintf(out, "/* Generated by examples/gesture/gesture_gen.c. Do not edit. */\n"
                 "#include \"gesture_data.h\"\n\n");
    fprintf(out, "const float gesture_recordings[GESTURE_RECORDINGS][GESTURE_WINDOW * "
                 "GESTURE_AXES] = {\n");
    for (r = 0; r < 2; ++r) {
        fprintf(out, "  { /* %s */\n", class_names[r + 1]);
        write_floats(out, recordings[r], WINDOW * AXES);
        fprintf(out, "  },\n");
    }
    fprintf(out, "};\n\nconst int32_t gesture_recording_class[GESTURE_RECORDINGS] = {1, 2};\n\n");
    fprintf(out, "const float gesture_golden[GESTURE_RECORDINGS][GESTURE_CLASSES] = {\n");
    for (r = 0; r < 2; ++r) {
        fprintf(out, "  {\n");
        write_floats(out, golden[r], CLASSES);
        fprintf(out, "  },\n");
    }
    fprintf(out, "};\n\n");

    fprintf(events,
            "# stream NAME SAMPLES\n# event NAME CLASS START END (inclusive sample indices)\n");
    for (s = 0; with_streams && s < NUM_SCENARIOS; ++s) {
        const scenario *sc = &scenarios[s];
        uint64_t state = sc->seed + seed_offset;
        const float *rest = NULL;
        int length = 0, g, axis, t;

        for (g = 0; g <= sc->num_gestures; ++g) {
            length += sc->idle[g];
            if (g < sc->num_gestures) length += WINDOW - first_active[sc->gesture[g]];
        }
        fprintf(events, "stream %s %d\n", sc->name, length);
        fprintf(out, "static const float stream_%d_samples[%d] = {\n", s, length * AXES);
        /* Idle before the first gesture rests in its first pose; idle_only rests in ring's. */
        rest = &recordings[sc->num_gestures ? sc->gesture[0] : 0]
                          [first_active[sc->num_gestures ? sc->gesture[0] : 0] * AXES];
        fprintf(out, "    /* noise seed %llu */\n", (unsigned long long)(sc->seed + seed_offset));
        t = 0;
        for (g = 0; g <= sc->num_gestures; ++g) {
            float block[AXES];
            for (i = 0; i < sc->idle[g]; ++i, ++t) {
                for (axis = 0; axis < AXES; ++axis)
                    block[axis] = rest[axis] + noise(&state);
                write_floats(out, block, AXES);
            }
            if (g < sc->num_gestures) {
                int rec = sc->gesture[g], first = first_active[rec];
                fprintf(events, "event %s %s %d %d\n", sc->name, class_names[rec + 1], t,
                        t + WINDOW - first - 1);
                fprintf(out, "    /* %s at samples %d..%d */\n", class_names[rec + 1], t,
                        t + WINDOW - first - 1);
                for (i = first; i < WINDOW; ++i, ++t) {
                    for (axis = 0; axis < AXES; ++axis)
                        block[axis] = recordings[rec][i * AXES + axis] + noise(&state);
                    write_floats(out, block, AXES);
                }
                rest = &recordings[rec][(WINDOW - 1) * AXES];
            }
        }
        fprintf(out, "};\n\n");
        if (sc->num_gestures) {
            fprintf(out, "static const gesture_event stream_%d_events[] = {\n", s);
            t = 0;
            for (g = 0; g < sc->num_gestures; ++g) {
                int len = WINDOW - first_active[sc->gesture[g]];
                t += sc->idle[g];
                fprintf(out, "    {%d, %d, %d},\n", sc->gesture[g] + 1, t, t + len - 1);
                t += len;
            }
            fprintf(out, "};\n\n");
        }
    }
    fprintf(out, "const int32_t gesture_num_streams = %d;\n", with_streams ? NUM_SCENARIOS : 0);
    fprintf(out, "const gesture_stream gesture_streams[] = {\n");
    for (s = 0; with_streams && s < NUM_SCENARIOS; ++s) {
        const scenario *sc = &scenarios[s];
        int length = 0, g;
        for (g = 0; g <= sc->num_gestures; ++g) {
            length += sc->idle[g];
            if (g < sc->num_gestures) length += WINDOW - first_active[sc->gesture[g]];
        }
        if (sc->num_gestures)
            fprintf(out, "    {\"%s\", %lluu, %d, stream_%d_samples, %d, stream_%d_events},\n",
                    sc->name, (unsigned long long)(sc->seed + seed_offset), length, s,
                    sc->num_gestures, s);
        else
            fprintf(out, "    {\"%s\", %lluu, %d, stream_%d_samples, 0, 0},\n", sc->name,
                    (unsigned long long)(sc->seed + seed_offset), length, s);
    }
    if (!with_streams) fprintf(out, "    {\"none\", 0u, 0, 0, 0, 0},\n");
    fprintf(out, "};\n");

    if (fclose(out) != 0) die("write failed", argv[5]);
    if (fclose(events) != 0) die("write failed", argv[6]);
    return 0;
}
