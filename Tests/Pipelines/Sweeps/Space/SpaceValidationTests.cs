using MlNetCnn.Pipelines.Sweeps.Space;

namespace MlNetCnn.Tests.Pipelines.Sweeps.Space;

[TestClass]
public sealed class SpaceValidationTests
{
    [TestMethod]
    public void Validate_ImageSmallerThanAnArchitectureNeeds_NamesTheArchitecture()
    {
        var space = new SearchSpace().AddArchitectures("resnet9", "lenet5");

        var error = Assert.ThrowsExactly<ArgumentException>(() => space.Validate(new SpaceCheck(1, 10, 10)));

        StringAssert.StartsWith(error.Message, "lenet5 needs images of at least 12×12; the sweep's images are 10×10.");
    }

    [TestMethod]
    public void Validate_SettingValueOfWrongKind_NamesSettingAndValue()
    {
        var space = new SearchSpace().AddArchitectures("resnet9")
            .AddSettingChoice("resnet9", "width", "8", "wide")
            .AddSettingChoice("resnet9", "use_residual", "true", "false");

        var error = Assert.ThrowsExactly<ArgumentException>(() => space.Validate(new SpaceCheck(1, 28, 10)));

        Assert.AreEqual("Setting 'width' of resnet9 must be an integer; got 'wide'.", error.Message);
    }

    [TestMethod]
    public void Validate_LargestSettingOverTheCap_NamesTheCandidateAndCount()
    {
        var space = new SearchSpace().AddArchitectures("resnet9", "lenet5").AddSettingChoice("resnet9", "width", "8", "12", "16");

        space.Validate(new SpaceCheck(1, 28, 10, MaxParameters: 500_000));
        var error = Assert.ThrowsExactly<ArgumentException>(() => space.Validate(new SpaceCheck(1, 28, 10, MaxParameters: 200_000)));

        StringAssert.StartsWith(error.Message, "resnet9 width=16 has 412,656 parameters at 1×28×28 with 10 classes; expected at most 200,000");
    }

    [TestMethod]
    public void Validate_CandidatesThatRun_Pass()
    {
        SearchSpaceTests.Example().Validate(new SpaceCheck(1, 28, 10, MaxParameters: 1_000_000));
    }
}
