package seqlab.metric;

import java.util.ArrayList;
import java.util.List;

/**
 * Accuracy and macro-F1 of class predictions. Per-class precision, recall and F1 and the confusion matrix itself
 * are on {@link ConfusionMatrix}; this class is the short way to the two headline numbers.
 *
 * <p>Definitions: accuracy = correct / total. Macro-F1 = the unweighted mean over classes of
 * {@code F1_c = 2 P_c R_c / (P_c + R_c) = 2 TP_c / (2 TP_c + FP_c + FN_c)}, taken over the classes that occur among
 * the targets or the predictions (scikit-learn's {@code f1_score(average="macro")} with its default labels; an
 * undefined F1 counts as 0). Macro-F1 weights rare classes as much as common ones, which is why it is reported
 * next to accuracy on unbalanced data.
 */
public final class ClassificationMetrics {
    private ClassificationMetrics() {}

    /**
     * Fraction of predictions equal to their target.
     *
     * @param predictions predicted class ids
     * @param targets true class ids
     * @return accuracy in [0, 1]
     */
    public static double accuracy(int[] predictions, int[] targets) {
        Checks.sameLength("Accuracy", "predictions", predictions.length, "targets", targets.length);
        Checks.notEmpty("Accuracy", "predictions", predictions.length);
        int correct = 0;
        for (int i = 0; i < predictions.length; i++) {
            if (predictions[i] == targets[i]) {
                correct++;
            }
        }
        return (double) correct / predictions.length;
    }

    /**
     * Macro-averaged F1 over {@code numClasses} classes with ids {@code 0..numClasses-1}.
     *
     * @param predictions predicted class ids
     * @param targets true class ids
     * @param numClasses number of classes
     * @return macro-F1 in [0, 1]
     */
    public static double macroF1(int[] predictions, int[] targets, int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("Macro-F1: numClasses is " + numClasses + "; it must be at least 1");
        }
        List<String> labels = new ArrayList<>(numClasses);
        for (int c = 0; c < numClasses; c++) {
            labels.add(Integer.toString(c));
        }
        return ConfusionMatrix.of(predictions, targets, labels).macroF1();
    }

    /**
     * The confusion matrix, from which per-class precision, recall and F1 follow.
     *
     * @param predictions predicted class ids
     * @param targets true class ids
     * @param labels class names, index = class id
     * @return the matrix
     */
    public static ConfusionMatrix confusion(int[] predictions, int[] targets, List<String> labels) {
        return ConfusionMatrix.of(predictions, targets, labels);
    }
}
