/*
 * train — the example trainer: a linear classifier fitted by full-batch
 * gradient descent on squared loss, over a generated data set.
 *
 * It reads its parameters the way every steward run does
 * (STEWARD_PARAM_LR, STEWARD_PARAM_L2, STEWARD_PARAM_SEED,
 * STEWARD_PARAM_EPOCHS, STEWARD_PARAM_SLEEP_MS, or --epochs N and
 * --sleep-ms N to slow each epoch down like real training), appends
 * one metrics line per epoch to $STEWARD_METRICS, writes the fitted
 * weights to $STEWARD_ARTIFACTS/model.txt (the artifact a candidate for
 * production names), and logs progress to stdout. Gradient descent on squared loss diverges geometrically once the
 * learning rate passes 2 / (largest eigenvalue of the feature covariance),
 * about 0.25 here: the loss overflows to infinity and then turns NaN,
 * exactly like a real run with a learning rate that is too high.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define N_EXAMPLES 256
#define N_FEATURES 8

static double param(const char *name, double fallback)
{
    const char *v = getenv(name);
    char *end;
    double d = v && *v ? strtod(v, &end) : fallback;
    return v && *v && *end ? fallback : d;
}

static unsigned long long rng_state;

static double uniform(void)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}

static void make_data(double x[N_EXAMPLES][N_FEATURES], double t[N_EXAMPLES])
{
    double w_true[N_FEATURES];
    for (int j = 0; j < N_FEATURES; j++)
        w_true[j] = uniform() * 4 - 2;
    for (int i = 0; i < N_EXAMPLES; i++) {
        double z = 0;
        for (int j = 0; j < N_FEATURES; j++) {
            x[i][j] = uniform() * 10 - 5;
            z += w_true[j] * x[i][j];
        }
        t[i] = z + (uniform() - 0.5) * 8 > 0 ? 1 : -1;
    }
}

/* One full-batch step; returns the loss before the step. */
static double epoch(double x[N_EXAMPLES][N_FEATURES], const double *t,
                    double *w, double lr, double l2, double *acc)
{
    double grad[N_FEATURES] = {0}, loss = 0;
    int correct = 0;
    for (int i = 0; i < N_EXAMPLES; i++) {
        double z = 0;
        for (int j = 0; j < N_FEATURES; j++)
            z += w[j] * x[i][j];
        loss += (z - t[i]) * (z - t[i]) / 2 / N_EXAMPLES;
        correct += (z > 0 ? 1 : -1) == t[i];
        for (int j = 0; j < N_FEATURES; j++)
            grad[j] += (z - t[i]) * x[i][j] / N_EXAMPLES;
    }
    for (int j = 0; j < N_FEATURES; j++)
        w[j] -= lr * (grad[j] + l2 * w[j]);
    *acc = (double)correct / N_EXAMPLES;
    return loss;
}

static void report(FILE *metrics, int step, double loss, double acc)
{
    if (!metrics)
        return;
    if (isnan(loss))
        fprintf(metrics, "{\"step\":%d,\"loss\":NaN,\"val_acc\":%.4f}\n",
                step, acc);
    else if (isinf(loss))
        fprintf(metrics, "{\"step\":%d,\"loss\":Infinity,\"val_acc\":%.4f}\n",
                step, acc);
    else
        fprintf(metrics, "{\"step\":%d,\"loss\":%.6g,\"val_acc\":%.4f}\n",
                step, loss, acc);
    fflush(metrics);
}

/* The weights, one per line, as the run's artifact model.txt. */
static int save_model(const double *w)
{
    const char *dir = getenv("STEWARD_ARTIFACTS");
    char path[4096];
    if (!dir || !*dir)
        return 0;
    int n = snprintf(path, sizeof path, "%s/model.txt", dir);
    FILE *f = n > 0 && (size_t)n < sizeof path ? fopen(path, "w") : NULL;
    if (!f)
        return fprintf(stderr, "train: cannot write %s\n", path), 1;
    for (int i = 0; i < N_FEATURES; i++)
        fprintf(f, "%.17g\n", w[i]);
    return fclose(f) ? 1 : 0;
}

int main(int argc, char **argv)
{
    static double x[N_EXAMPLES][N_FEATURES], t[N_EXAMPLES];
    double w[N_FEATURES] = {0}, lr = param("STEWARD_PARAM_LR", 0.01);
    double l2 = param("STEWARD_PARAM_L2", 0.0);
    long epochs = (long)param("STEWARD_PARAM_EPOCHS", 200);
    long sleep_ms = (long)param("STEWARD_PARAM_SLEEP_MS", 0);
    for (int i = 1; i + 1 < argc; i++) {
        if (!strcmp(argv[i], "--epochs"))
            epochs = strtol(argv[i + 1], NULL, 10);
        if (!strcmp(argv[i], "--sleep-ms"))
            sleep_ms = strtol(argv[i + 1], NULL, 10);
    }
    rng_state = (unsigned long long)param("STEWARD_PARAM_SEED", 1);
    const char *sink = getenv("STEWARD_METRICS");
    FILE *metrics = sink ? fopen(sink, "a") : NULL;
    make_data(x, t);
    printf("training: lr=%g l2=%g epochs=%ld\n", lr, l2, epochs);
    for (long e = 1; e <= epochs; e++) {
        double acc, loss = epoch(x, t, w, lr, l2, &acc);
        if (e % 10 == 0 || e == 1 || !isfinite(loss))
            printf("epoch %ld loss %.4g acc %.3f\n", e, loss, acc);
        report(metrics, (int)e, loss, acc);
        fflush(stdout);
        struct timespec ts = {sleep_ms / 1000, (sleep_ms % 1000) * 1000000L};
        if (sleep_ms > 0)
            nanosleep(&ts, NULL);
    }
    if (metrics)
        fclose(metrics);
    return save_model(w);
}
