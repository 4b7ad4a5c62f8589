using System.Numerics;
using System.Runtime.InteropServices;

namespace ChatCommerce.BotServer.Intents.Classification;

/// <summary>One labelled training message.</summary>
public sealed record IntentExample(string Intent, string Language, string Text);

/// <summary>
/// Multinomial logistic regression over <see cref="TextFeatures"/>, trained in-process from the
/// examples file at start (a second or so) with AdaGrad and L2 regularisation. Deterministic:
/// the same examples give the same model.
/// </summary>
public sealed class IntentClassifier
{
    private readonly string[] _labels;
    // Row-major: one row per feature with the labels' weights side by side (row * stride + label),
    // so scoring a message touches one or two cache lines per feature rather than one per label.
    // Rows are padded with zeros to whole vectors, so a feature adds to every label's score at once.
    private readonly float[] _weights;
    private readonly int _stride;
    private readonly int[] _rowOf;
    private readonly float[] _bias;

    private IntentClassifier(string[] labels, float[] weights, int[] rowOf, float[] bias)
    {
        _labels = labels;
        _weights = weights;
        _stride = Stride(labels.Length);
        _rowOf = rowOf;
        _bias = bias;
    }

    private static int Stride(int labels) => (labels + Vector<float>.Count - 1) / Vector<float>.Count * Vector<float>.Count;

    public IReadOnlyList<string> Labels => _labels;

    public static IntentClassifier Train(IReadOnlyList<(string Label, SparseVector Features)> examples, int epochs = 20, float learningRate = 0.5f, float l2 = 1e-5f, int seed = 20261128)
    {
        var labels = examples.Select(e => e.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var labelIndex = labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
        var stride = Stride(labels.Length);
        var weights = new float[TextFeatures.Dimensions * stride];
        var squared = new float[TextFeatures.Dimensions * stride];
        var bias = new float[labels.Length];
        var biasSquared = new float[labels.Length];
        var model = new IntentClassifier(labels, weights, Enumerable.Range(0, TextFeatures.Dimensions).ToArray(), bias);
        var order = Enumerable.Range(0, examples.Count).ToArray();
        var random = new Random(seed);
        var probabilities = new float[labels.Length];
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var i in order)
            {
                var (label, x) = examples[i];
                model.Scores(x, probabilities);
                Softmax(probabilities);
                var target = labelIndex[label];
                for (var k = 0; k < labels.Length; k++)
                {
                    var error = probabilities[k] - (k == target ? 1f : 0f);
                    for (var j = 0; j < x.Indices.Length; j++)
                    {
                        var index = x.Indices[j] * stride + k;
                        var gradient = error * x.Values[j] + l2 * weights[index];
                        squared[index] += gradient * gradient;
                        weights[index] -= learningRate * gradient / (MathF.Sqrt(squared[index]) + 1e-6f);
                    }
                    biasSquared[k] += error * error;
                    bias[k] -= learningRate * error / (MathF.Sqrt(biasSquared[k]) + 1e-6f);
                }
            }
        }
        return model.Compacted();
    }

    /// <summary>
    /// The same model with every all-zero row (the features no training message had, most of the
    /// hashed space) replaced by one shared zero row: about 2 MB instead of 13, and a feature the
    /// training never saw reads a row already in cache instead of missing it.
    /// </summary>
    private IntentClassifier Compacted()
    {
        var stride = _stride;
        // Compared bit for bit, so a row of -0 weights would keep its own row.
        bool IsZero(int feature) => !MemoryMarshal.Cast<float, int>(_weights.AsSpan(feature * stride, stride)).ContainsAnyExcept(0);

        var rowOf = new int[TextFeatures.Dimensions];
        var kept = Enumerable.Range(0, TextFeatures.Dimensions).Count(feature => !IsZero(feature));
        var weights = new float[(kept + 1) * stride];
        var row = 0;
        for (var feature = 0; feature < TextFeatures.Dimensions; feature++)
        {
            if (!IsZero(feature))
            {
                row++;
                _weights.AsSpan(feature * stride, stride).CopyTo(weights.AsSpan(row * stride));
                rowOf[feature] = row;
            }
        }
        return new IntentClassifier(_labels, weights, rowOf, _bias);
    }

    /// <summary>The most probable intent and its probability.</summary>
    public (string Intent, float Probability) Predict(SparseVector features)
    {
        Span<float> scores = stackalloc float[_labels.Length];
        Scores(features, scores);
        Softmax(scores);
        var best = 0;
        for (var k = 1; k < scores.Length; k++)
        {
            if (scores[k] > scores[best])
            {
                best = k;
            }
        }
        return (_labels[best], scores[best]);
    }

    // Each label's score is its bias plus weight × value for each feature in index order, the same
    // float operations in the same order whether one label at a time or a vector of them.
    private void Scores(SparseVector x, Span<float> scores)
    {
        Span<float> sums = stackalloc float[_stride];
        _bias.CopyTo(sums);
        for (var j = 0; j < x.Indices.Length; j++)
        {
            var row = _weights.AsSpan(_rowOf[x.Indices[j]] * _stride, _stride);
            var value = x.Values[j];
            for (var k = 0; k < _stride; k += Vector<float>.Count)
            {
                (new Vector<float>(sums[k..]) + new Vector<float>(row[k..]) * value).CopyTo(sums[k..]);
            }
        }
        sums[..scores.Length].CopyTo(scores);
    }

    private static void Softmax(Span<float> scores)
    {
        var max = float.NegativeInfinity;
        foreach (var s in scores)
        {
            max = MathF.Max(max, s);
        }
        var total = 0f;
        for (var k = 0; k < scores.Length; k++)
        {
            scores[k] = MathF.Exp(scores[k] - max);
            total += scores[k];
        }
        for (var k = 0; k < scores.Length; k++)
        {
            scores[k] /= total;
        }
    }
}
