import torch.nn as nn
import torch.nn.functional as F


class SqueezeGap(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, stride=2)
        self.bn1 = nn.BatchNorm2d(16)
        self.conv2 = nn.Conv2d(16, 10, 3)
        self.gap = nn.AdaptiveAvgPool2d(1)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.gap(self.conv2(x))
        x = x.squeeze()
        return F.log_softmax(x, dim=1)
