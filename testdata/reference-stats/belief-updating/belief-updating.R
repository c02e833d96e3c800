# Reference results for the belief-updating study (@fmrs/belief), computed independently in R.
# Run from this folder:  Rscript belief-updating.R   (writes reference.json)
# R 4.2.2, lme4 1.1-31, lmerTest 3.1-3, emmeans 1.8.4-1, boot 1.3-28.1, jsonlite 1.8.4 (Debian 12 packages).
suppressPackageStartupMessages({
  library(lmerTest)
  library(emmeans)
  library(jsonlite)
  library(boot)
})
emm_options(lmer.df = "satterthwaite", lmerTest.limit = 1e6)

participants <- read.csv("participants.csv", stringsAsFactors = FALSE)
sessions <- read.csv("sessions.csv", stringsAsFactors = FALSE)
trials <- read.csv("trials.csv", stringsAsFactors = FALSE)
madrs <- read.csv("madrs.csv", stringsAsFactors = FALSE)

# ---- per-trial measures (adverse events: base rate below the first estimate = good news) ----
inr <- function(v) !is.na(v) & v >= 0 & v <= 100
trials$ee <- ifelse(inr(trials$first_estimate) & inr(trials$base_rate),
                    trials$first_estimate - trials$base_rate, NA)
trials$reason <- ifelse(is.na(trials$first_estimate), "missing_first_estimate",
                 ifelse(is.na(trials$base_rate), "missing_base_rate",
                 ifelse(is.na(trials$second_estimate), "missing_second_estimate",
                 ifelse(!inr(trials$first_estimate) | !inr(trials$base_rate) | !inr(trials$second_estimate), "out_of_range",
                 ifelse(trials$ee == 0, "no_estimation_error", NA)))))
trials$news <- ifelse(is.na(trials$ee) | trials$ee == 0, NA, ifelse(trials$ee > 0, "good", "bad"))
trials$update <- ifelse(is.na(trials$reason),
                        ifelse(trials$news == "good", trials$first_estimate - trials$second_estimate,
                               trials$second_estimate - trials$first_estimate), NA)
used <- trials[is.na(trials$reason), ]

# ---- per session: mean updates, bias, learning rates ----
# The two-rate model update = alpha_v * |EE| + N(0, sigma^2): bounded ML, alpha in [0, 1].
# Closed form clamp(sum(u|e|)/sum(e^2), 0, 1); checked against optim(L-BFGS-B) on the likelihood.
fit_session <- function(d) {
  a <- sapply(c("good", "bad"), function(v) {
    x <- d[d$news == v, ]
    if (nrow(x) < 2) return(NA)
    min(1, max(0, sum(x$update * abs(x$ee)) / sum(x$ee^2)))
  })
  nll <- function(p) {
    al <- ifelse(d$news == "good", p[1], p[2])
    -sum(dnorm(d$update, al * abs(d$ee), p[3], log = TRUE))
  }
  r <- d$update - ifelse(d$news == "good", a[1], a[2]) * abs(d$ee)
  s <- sqrt(mean(r^2))
  o <- optim(c(0.5, 0.5, 5), nll, method = "L-BFGS-B", lower = c(0, 0, 1e-3), upper = c(1, 1, 100),
             control = list(factr = 1e2, pgtol = 0))
  c(alpha_good = a[[1]], alpha_bad = a[[2]], sigma = s, nll = nll(c(a, s)),
    optim_max_diff = max(abs(o$par - c(a, s))), optim_nll_gap = nll(c(a, s)) - o$value)
}
keys <- paste(sessions$participant_id, sessions$session_id)
sess <- do.call(rbind, lapply(seq_len(nrow(sessions)), function(i) {
  s <- sessions[i, ]
  all <- trials[trials$participant_id == s$participant_id & trials$session_id == s$session_id, ]
  d <- used[used$participant_id == s$participant_id & used$session_id == s$session_id, ]
  g <- d$update[d$news == "good"]
  b <- d$update[d$news == "bad"]
  f <- fit_session(d)
  data.frame(participant_id = s$participant_id, session_id = s$session_id, time_point = s$time_point,
             n_trials = nrow(all), n_used = nrow(d), n_good = length(g), n_bad = length(b),
             mean_update_good = mean(g), mean_update_bad = mean(b), update_bias = mean(g) - mean(b),
             alpha_good = f[["alpha_good"]], alpha_bad = f[["alpha_bad"]], sigma = f[["sigma"]], nll = f[["nll"]],
             optim_max_diff = f[["optim_max_diff"]], optim_nll_gap = f[["optim_nll_gap"]],
             stringsAsFactors = FALSE)
}))
sess$group <- participants$group[match(sess$participant_id, participants$participant_id)]
sess$madrs_total <- madrs$madrs_total[match(paste(sess$participant_id, sess$session_id),
                                            paste(madrs$participant_id, madrs$session_id))]
stopifnot(max(sess$optim_max_diff) < 1e-4, min(sess$optim_nll_gap) < 1e-9)

# ---- models: session x valence rows, time = pre vs post ----
long <- function(value_good, value_bad) {
  rbind(data.frame(sess[, c("participant_id", "session_id", "group", "time_point")], valence = "good", y = sess[[value_good]]),
        data.frame(sess[, c("participant_id", "session_id", "group", "time_point")], valence = "bad", y = sess[[value_bad]]))
}
group_time_rows <- function(d, follow) {
  d$time <- ifelse(d$time_point == "pre", "pre",
            ifelse((d$group == "patient" & d$time_point == follow) | (d$group == "control" & d$time_point == "1wk"), "post", NA))
  d <- d[!is.na(d$time) & !is.na(d$y), ]
  d$group <- factor(d$group, levels = c("control", "patient"))
  d$time <- factor(d$time, levels = c("pre", "post"))
  d$valence <- factor(d$valence, levels = c("bad", "good"))
  d
}
summarise_fit <- function(m, by) {
  co <- summary(m)$coefficients
  an <- anova(m, type = 3)
  vc <- as.data.frame(VarCorr(m))
  emm <- emmeans(m, as.formula(paste("~ valence |", paste(by, collapse = " * "))))
  ct <- as.data.frame(summary(contrast(emm, "trt.vs.ctrl"), infer = c(TRUE, TRUE)))
  # (good - bad) x (time - first time level), per group: the change of the valence contrast
  emm2 <- if ("group" %in% by) emmeans(m, ~ valence * time | group) else emmeans(m, ~ valence * time)
  bc <- as.data.frame(summary(contrast(emm2, interaction = c("trt.vs.ctrl", "trt.vs.ctrl")), infer = c(TRUE, TRUE)))
  list(
    n_obs = nobs(m),
    reml_criterion = unname(REMLcrit(m)),
    fixed_effects = data.frame(term = rownames(co), estimate = co[, "Estimate"], se = co[, "Std. Error"],
                               df = co[, "df"], t = co[, "t value"], p = co[, "Pr(>|t|)"], row.names = NULL),
    anova = data.frame(term = rownames(an), num_df = an$NumDF, den_df = an$DenDF, F = an$`F value`,
                       p = an$`Pr(>F)`, row.names = NULL),
    variance_components = data.frame(group = vc$grp, variance = vc$vcov, sd = vc$sdcor),
    valence_contrasts = ct,
    bias_change = bc
  )
}
upd <- long("mean_update_good", "mean_update_bad")
alp <- long("alpha_good", "alpha_bad")
models <- list()
for (follow in c("4h", "1wk")) {
  suffix <- if (follow == "4h") "" else "_1wk"
  d <- group_time_rows(upd, follow)
  models[[paste0("update", suffix)]] <- summarise_fit(lmer(y ~ group * time * valence + (1 | participant_id), d, REML = TRUE), c("group", "time"))
  d <- group_time_rows(alp, follow)
  models[[paste0("learning_rate", suffix)]] <- summarise_fit(lmer(y ~ group * time * valence + (1 | participant_id), d, REML = TRUE), c("group", "time"))
}
dp <- upd[upd$group == "patient" & !is.na(upd$y), ]
dp$time <- factor(dp$time_point, levels = c("pre", "4h", "1wk"))
dp$valence <- factor(dp$valence, levels = c("bad", "good"))
models$update_patients <- summarise_fit(lmer(y ~ time * valence + (1 | participant_id), dp, REML = TRUE), "time")

# ---- MADRS change (1wk - pre) against the change (4h - pre) in bias and good-news learning rate ----
pt <- participants$participant_id[participants$group == "patient"]
at <- function(id, tp, col) { v <- sess[sess$participant_id == id & sess$time_point == tp, col]; if (length(v) == 0) NA else v }
pp <- data.frame(participant_id = pt,
                 bias_pre = sapply(pt, at, "pre", "update_bias"), bias_4h = sapply(pt, at, "4h", "update_bias"),
                 ag_pre = sapply(pt, at, "pre", "alpha_good"), ag_4h = sapply(pt, at, "4h", "alpha_good"),
                 madrs_pre = sapply(pt, at, "pre", "madrs_total"), madrs_1wk = sapply(pt, at, "1wk", "madrs_total"),
                 stringsAsFactors = FALSE)
pp <- pp[complete.cases(pp), ]
pp$dy <- pp$madrs_1wk - pp$madrs_pre
pp$dbias <- pp$bias_4h - pp$bias_pre
pp$dag <- pp$ag_4h - pp$ag_pre
lm_table <- function(m) { co <- summary(m)$coefficients
  data.frame(term = rownames(co), estimate = co[, 1], se = co[, 2], t = co[, 3], p = co[, 4], df = m$df.residual, row.names = NULL) }
pp$mavg_c <- (pp$bias_pre + pp$bias_4h) / 2 - mean((pp$bias_pre + pp$bias_4h) / 2)
memore <- lm(dy ~ dbias + mavg_c, pp)
# Bootstrap of the indirect effect over patients (boot's ordinary resampling after set.seed(1),
# B = 2000; percentile limits as type-7 quantiles of the replicates).
indirect_of <- function(d, i) {
  x <- d[i, ]
  x$mavg_c <- (x$bias_pre + x$bias_4h) / 2 - mean((x$bias_pre + x$bias_4h) / 2)
  mean(x$dbias) * coef(lm(dy ~ dbias + mavg_c, x))[["dbias"]]
}
set.seed(1)
bt <- boot(pp, indirect_of, R = 2000)
ref <- list(
  r_version = R.version.string,
  packages = list(lme4 = as.character(packageVersion("lme4")), lmerTest = as.character(packageVersion("lmerTest")),
                  emmeans = as.character(packageVersion("emmeans"))),
  trial_reasons = as.list(table(trials$reason, useNA = "no")),
  n_trials = nrow(trials), n_used = nrow(used),
  sessions = sess,
  models = models,
  madrs_bias = lm_table(lm(dy ~ dbias, pp)),
  madrs_alpha_good = lm_table(lm(dy ~ dag, pp)),
  madrs_n = nrow(pp),
  mediation = list(a = mean(pp$dbias), c = mean(pp$dy), coefficients = lm_table(memore),
                   indirect = mean(pp$dbias) * coef(memore)[["dbias"]],
                   bootstrap = list(seed = 1, B = 2000, n_valid = sum(is.finite(bt$t)),
                                    percentile = unname(quantile(bt$t, c(0.025, 0.975), type = 7, na.rm = TRUE)),
                                    se = sd(bt$t, na.rm = TRUE)))
)
write_json(ref, "reference.json", digits = I(17), auto_unbox = TRUE, na = "null", pretty = TRUE)
