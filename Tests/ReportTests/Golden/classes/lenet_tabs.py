import torch
from torch import nn
import torch.nn.functional as F


class Helper:
	"""Not a network: skipped."""
	def __init__(self):
		self.value = 3


class LeNet5(nn.Module):
	"""LeNet-5 with tabs, a backslash continuation and nested calls."""

	def __init__(self):
		super(LeNet5, self).__init__()
		self.conv1 = nn.Conv2d(1, 6, 5, padding=2)  # 28 -> 28
		self.conv2 = nn.Conv2d(6, 16, 5)
		self.fc1 = nn.Linear(16 * 5 * 5, \
		                     120)
		self.fc2 = nn.Linear(120, 84)
		self.fc3 = nn.Linear(84, 10)

	def forward(self, x):
		x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
		x = F.max_pool2d(F.relu(self.conv2(x)), 2)
		x = x.view(-1, self.num_flat_features)
		x = F.relu(self.fc1(x))
		x = F.relu(self.fc2(x))
		return self.fc3(x)

	num_flat_features = 16 * 5 * 5


def main():
	model = LeNet5()
	for epoch in range(10):
		pass
