namespace MlNetCnn.Models.Recipes;

/// <summary>
/// The training recipes the registry's architectures share, each with its source. A family picks one per entry in its
/// <c>Architectures()</c> table; <c>mlnetcnn list --recipes</c> prints them.
/// </summary>
public static class KnownRecipes
{
    /// <summary>
    /// Networks with BatchNorm: SGD at 0.1 with momentum 0.9, weight decay 5e-4, cosine schedule, batch 128, crop and flip
    /// — the common CIFAR-10 recipe (kuangliu/pytorch-cifar; torchvision's ResNet recipe also starts SGD at 0.1).
    /// </summary>
    public static TrainingRecipe BatchNormNetwork { get; } = TrainingRecipe.SgdCosine(0.1,
        "CIFAR-10 recipe for BatchNorm networks (kuangliu/pytorch-cifar; torchvision's ResNet recipe starts SGD at 0.1)");

    /// <summary>
    /// Deep networks without BatchNorm (AlexNet, VGG, NiN): SGD at 0.01 as torchvision's AlexNet and VGG recipe, since 0.1
    /// diverges without normalisation.
    /// </summary>
    public static TrainingRecipe PlainNetwork { get; } = TrainingRecipe.SgdCosine(0.01,
        "torchvision's AlexNet/VGG recipe (SGD 0.01, momentum 0.9); weight decay 5e-4 and cosine for small images");

    /// <summary>DenseNet (Huang et al. 2017): SGD at 0.1 with Nesterov momentum 0.9 and weight decay 1e-4.</summary>
    public static TrainingRecipe DenseNet { get; } = TrainingRecipe.SgdCosine(0.1,
        "DenseNet paper (Huang et al. 2017: Nesterov SGD 0.1, momentum 0.9, weight decay 1e-4), cosine instead of steps", weightDecay: 1e-4) with { Nesterov = true };

    /// <summary>
    /// Page's ResNet-9 recipe ("How to train your ResNet"): Nesterov SGD, one-cycle, label smoothing, weight decay that spares
    /// BatchNorm and biases, crop and flip; at batch 256 with a peak of 0.2, measured here at 88.3 % on CIFAR-10 in 10 epochs.
    /// </summary>
    public static TrainingRecipe PageResNet9 { get; } = new(OptimizerKind.Sgd, 0.2, 0.9, true, 5e-4, true, LearningRateSchedule.OneCycle, 0, 256, 0.1,
        TrainingRecipe.StandardAugmentation, "Page's DAWNBench ResNet-9 recipe at batch 256 (measured here: CIFAR-10 88.3 % in 10 epochs)");

    /// <summary>
    /// Small ReLU networks without BatchNorm (LeNet-5 ReLU, CifarNet): SGD at 0.05 with momentum 0.9, cosine, weight decay 5e-4,
    /// crop and flip; measured here at 99.35 % on MNIST (LeNet-5 ReLU) and 69.3 % on CIFAR-10 (CifarNet) in 20 epochs.
    /// </summary>
    public static TrainingRecipe SmallReluNetwork { get; } = TrainingRecipe.SgdCosine(0.05,
        "measured here: MNIST 99.35 % (LeNet-5 ReLU), CIFAR-10 69.3 % (CifarNet) in 20 epochs");

    /// <summary>
    /// The classic sigmoid LeNet-5: the small gradients of sigmoids stall SGD at ReLU rates, so Adam at 2e-3 without weight
    /// decay (d2l needs plain SGD at 0.9 for the same network).
    /// </summary>
    public static TrainingRecipe SigmoidLeNet { get; } = new(OptimizerKind.Adam, 2e-3, 0.9, false, 0, false, LearningRateSchedule.Cosine, 0, 128, 0,
        new AugmentationRecipe(0, false), "measured here (d2l trains the same network with plain SGD at 0.9); Adam 2e-3, no augmentation");

    /// <summary>
    /// Fine-tuning pretrained weights on photos (picked whenever pretrained weights are loaded): the head alone for 2 epochs
    /// on cached backbone features, then the whole network with the backbone at a tenth of the head's rate; Nesterov SGD
    /// 0.9 from 0.01 at batch 32, cosine, label smoothing 0.1, weight decay 1e-4 sparing norms and biases; ImageNet-style
    /// augmentation (random resized crop of 35–100 % of the area, flip); BatchNorm's running statistics kept as pretrained
    /// (measured here on 600 flower photos: the whole-network epochs end at 86.5 % with them kept, 82.5 % re-estimated).
    /// </summary>
    public static TrainingRecipe FineTuning { get; } = new(OptimizerKind.Sgd, 0.01, 0.9, true, 1e-4, true, LearningRateSchedule.Cosine, 0, 32, 0.1,
        new AugmentationRecipe(0, true, ResizedCropMinScale: 0.35),
        "fine-tuning: torchvision's ImageNet reference recipe (Nesterov SGD, cosine, label smoothing 0.1, wd 1e-4) at fine-tuning rates; " +
        "head first then a 10× lower backbone rate as fastai's fine_tune and discriminative rates (Howard & Ruder 2018); " +
        "BatchNorm statistics kept as pretrained (measured here on flowers: 86.5 % against 82.5 %)")
    {
        FreezeBackboneEpochs = 2,
        BackboneLearningRateScale = 0.1,
        CacheBackboneFeatures = true,
        FreezeBatchNorm = true,
    };
}
