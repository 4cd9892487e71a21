import torch.nn as nn
import torch.nn.functional as F


class PoolModes(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, kernel_size=[5, 5])
        self.pool1 = nn.MaxPool2d(kernel_size=[5, 5], stride=1, padding=[2, 2], dilation=2)
        self.conv2 = nn.Conv2d(8, 16, 3, stride=2)
        self.pool2 = nn.MaxPool2d(2, ceil_mode=True)
        self.pool3 = nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)
        self.fc = nn.Linear(16 * 3 * 3, 10)

    def forward(self, x):
        x = self.pool1(F.relu(self.conv1(x)))
        x = self.pool2(F.relu(self.conv2(x)))
        x = self.pool3(x)
        return self.fc(x.view(x.size(0), -1))
