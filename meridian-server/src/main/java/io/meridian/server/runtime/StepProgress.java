package io.meridian.server.runtime;

/**
 * How far a run that reports steps ({@code meridian_runtime.report(step, …)}) has come, from its coordinator's newest
 * report in the current attempt: the step, the total when the script reports one ({@code total_steps=…}), and the time
 * left at the attempt's pace so far.
 *
 * @param totalSteps null unless the script reports {@code total_steps}
 * @param percent null without a total
 * @param etaSeconds null without a total, before two reports, or once the run ended
 */
public record StepProgress(long step, Long totalSteps, Double percent, Long etaSeconds)
{
    /** The scalar of {@code report(...)} that says how many steps the run will take. */
    public static final String TOTAL_STEPS = "total_steps";

    /**
     * @param firstStep the attempt's first reported step, at {@code firstTime} (epoch seconds)
     * @param step the newest reported step, at {@code time}
     */
    public static StepProgress of(long firstStep, double firstTime, long step, double time, Long totalSteps, boolean running)
    {
        if (totalSteps == null || totalSteps <= 0) {
            return new StepProgress(step, null, null, null);
        }
        double percent = Math.min(100.0, Math.round(1000.0 * step / totalSteps) / 10.0);
        Long eta = null;
        double rate = time > firstTime ? (step - firstStep) / (time - firstTime) : 0;
        if (running && rate > 0 && step < totalSteps) {
            eta = (long) Math.ceil((totalSteps - step) / rate);
        }
        else if (running && step >= totalSteps) {
            eta = 0L;
        }
        return new StepProgress(step, totalSteps, percent, eta);
    }
}
